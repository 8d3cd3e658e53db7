// Draw each dashboard table as a bar chart; the data sits in a JSON block beside it.
// Long categories become horizontal bars with full (wrapped) labels, and the chart grows with its rows;
// a very long count table shows its largest rows and "Lainnya" (the table beside keeps every row).
(function () {
  if (typeof Chart === "undefined") {
    return;
  }
  Chart.register(window.ChartBarValues);
  const ROW_PX = 22;
  const LINE_PX = 14;

  function wrap(label, width) {
    const lines = [];
    let line = "";
    String(label).split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    return lines;
  }

  function foldTail(rows, top, otherLabel) {
    if (!top || rows.length <= top + 1) {
      return rows;
    }
    const tail = rows.slice(top);
    const total = tail.reduce(function (sum, r) { return sum + Number(r.value); }, 0);
    return rows.slice(0, top).concat([{ label: otherLabel + " (" + tail.length + ")", value: total }]);
  }

  document.querySelectorAll("canvas.dashboard-chart").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.source);
    if (!source) {
      return;
    }
    const decimals = Number(canvas.dataset.decimals || 0);
    const rows = foldTail(JSON.parse(source.textContent), Number(canvas.dataset.top || 0),
      canvas.dataset.otherLabel || "Lainnya");
    const horizontal = rows.length > 5 || rows.some(function (r) { return String(r.label).length > 14; });
    const labelWidth = window.innerWidth < 576 ? 18 : 30;
    const labels = rows.map(function (r) { return horizontal ? wrap(r.label, labelWidth) : String(r.label); });
    if (horizontal) {
      const lines = labels.reduce(function (n, l) { return n + l.length; }, 0);
      canvas.parentElement.style.height = (40 + rows.length * ROW_PX + lines * LINE_PX) + "px";
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [{ data: rows.map(function (r) { return r.value; }), backgroundColor: "#0a58ca" }],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: !horizontal,
        layout: { padding: horizontal ? { right: 48 } : { top: 20 } },
        plugins: { legend: { display: false }, barValues: { decimals: decimals } },
        scales: {
          x: { ticks: { autoSkip: horizontal }, beginAtZero: true },
          y: { ticks: { autoSkip: false }, beginAtZero: true },
        },
      },
    });
  });
})();
