// Confirm dangerous actions without inline handlers (the CSP forbids inline scripts).
document.addEventListener("submit", function (event) {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
// Auto-submit filter forms when a select changes.
document.addEventListener("change", function (event) {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") {
    form.requestSubmit();
  }
});
// Mark where the user is in the menu: the link whose address is the longest prefix of this page's.
(function () {
  const here = window.location.pathname;
  let best = null;
  document.querySelectorAll("nav .nav-link[href], nav .dropdown-item[href]").forEach(function (link) {
    const path = new URL(link.href, window.location.href).pathname;
    const matches = path === here || (path !== "/" && here.startsWith(path));
    if (matches && (!best || path.length > best.path.length)) {
      best = { link: link, path: path };
    }
  });
  if (!best) {
    return;
  }
  best.link.setAttribute("aria-current", best.path === here ? "page" : "true");
  best.link.classList.add("active");
  const menu = best.link.closest(".dropdown");
  if (menu) {
    menu.querySelector(".dropdown-toggle").classList.add("active");
  }
})();
// A table that scrolls inside its own box must be reachable by keyboard to be scrolled (WCAG 2.1.1).
function markScrollableTables() {
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) {
      box.setAttribute("tabindex", "0");
      if (!box.hasAttribute("role")) {
        box.setAttribute("role", "region");
        const caption = box.closest(".card") && box.closest(".card").querySelector(".card-header");
        const heading = caption || box.previousElementSibling;
        box.setAttribute("aria-label", heading ? heading.textContent.trim() : document.title);
      }
    }
  });
}
markScrollableTables();
window.addEventListener("resize", markScrollableTables);
