// Employee list: tick every row of the page at once and say how many are selected.
(function () {
  const form = document.getElementById("selection");
  if (!form) {
    return;
  }
  const rows = Array.from(document.querySelectorAll("input.row-select"));
  const pageBox = document.getElementById("select-page");
  const allMatching = document.getElementById("all-matching");
  const counter = document.getElementById("selected-count");

  function update() {
    const ticked = rows.filter(function (box) { return box.checked; }).length;
    if (allMatching.checked) {
      counter.textContent = counter.dataset.all;
    } else if (ticked) {
      counter.textContent = counter.dataset.some.replace("%(n)s", ticked);
    } else {
      counter.textContent = counter.dataset.none;
    }
    pageBox.checked = ticked > 0 && ticked === rows.length;
    pageBox.indeterminate = ticked > 0 && ticked < rows.length;
  }

  pageBox.addEventListener("change", function () {
    rows.forEach(function (box) { box.checked = pageBox.checked; });
    update();
  });
  rows.forEach(function (box) { box.addEventListener("change", update); });
  allMatching.addEventListener("change", update);
  update();
})();
