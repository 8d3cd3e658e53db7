// A Chart.js plugin that writes each bar's value at its end, in Indonesian number format
// (options.plugins.barValues.decimals digits after the comma).
window.ChartBarValues = {
  id: "barValues",
  afterDatasetsDraw: function (chart, _args, options) {
    const format = new Intl.NumberFormat("id-ID", {
      minimumFractionDigits: options.decimals || 0,
      maximumFractionDigits: options.decimals || 0,
    });
    const horizontal = chart.options.indexAxis === "y";
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = options.color || "#212529";
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = horizontal ? "left" : "center";
    ctx.textBaseline = horizontal ? "middle" : "bottom";
    chart.data.datasets.forEach(function (dataset, i) {
      chart.getDatasetMeta(i).data.forEach(function (bar, index) {
        const value = dataset.data[index];
        if (value === null || value === undefined) {
          return;
        }
        const text = format.format(value);
        if (horizontal) {
          ctx.fillText(text, bar.x + 4, bar.y);
        } else {
          ctx.fillText(text, bar.x, bar.y - 2);
        }
      });
    });
    ctx.restore();
  },
};
