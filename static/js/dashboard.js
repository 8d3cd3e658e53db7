// Draw each dashboard table as a bar chart; the data sits in a JSON block beside it.
document.querySelectorAll("canvas.dashboard-chart").forEach(function (canvas) {
  const source = document.getElementById(canvas.dataset.source);
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const rows = JSON.parse(source.textContent);
  // long labels read better along the vertical axis
  const horizontal = rows.length > 8 || rows.some(function (r) { return String(r.label).length > 16; });
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: rows.map(function (r) { return r.label; }),
      datasets: [{ data: rows.map(function (r) { return r.value; }), backgroundColor: "#0d6efd" }],
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      plugins: { legend: { display: false } },
      scales: { x: { ticks: { autoSkip: false } } },
    },
  });
});
