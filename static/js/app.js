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
