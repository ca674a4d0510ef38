// A form that comes back with errors starts with a summary of them (journal/_error_summary.html):
// focus it, on a full page load or after an htmx swap, so it is announced and scrolled into view.
htmx.onLoad((root) => {
  const summary = root.matches("[data-error-summary]")
    ? root
    : root.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
