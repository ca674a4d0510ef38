// The clinician's report: "Print or save as PDF" draws every chart and opens every folded
// section first, then opens the browser's print dialog. Printing from the browser's own menu
// opens the folded sections too (charts already on screen print as drawn).
(function () {
  function openAll() {
    document.querySelectorAll(".report details:not(.report-details)").forEach((details) => {
      details.open = true;
    });
  }

  function whenChartsDrawn() {
    const pending = [...document.querySelectorAll("[data-figure]:not([data-drawn])")];
    if (!pending.length) return Promise.resolve();
    window.dispatchEvent(new Event("charts:draw-all"));
    return new Promise((resolve) => {
      const started = Date.now();
      const check = () => {
        const left = document.querySelectorAll("[data-figure]:not([data-drawn])").length;
        if (!left || Date.now() - started > 5000) resolve();
        else setTimeout(check, 50);
      };
      check();
    });
  }

  window.addEventListener("beforeprint", openAll);
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => {
      openAll();
      whenChartsDrawn().then(() => window.print());
    });
  });
})();

// Charts are drawn for the screen's width; for paper they are redrawn 680 px wide (A4 and US
// Letter, less margins) and given back their own width afterwards.
(function () {
  const PRINT_WIDTH = 680;
  function resize(width) {
    if (!window.Plotly) return;
    document.querySelectorAll("[data-figure][data-drawn]").forEach((element) => {
      window.Plotly.relayout(element, width ? { width } : { width: null, autosize: true });
    });
  }
  window.addEventListener("beforeprint", () => resize(PRINT_WIDTH));
  window.addEventListener("afterprint", () => resize(null));
})();
