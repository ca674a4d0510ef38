// Draws every figure on the page from the JSON the page carries (json_script), on load and
// after each htmx swap. Each chart is a <div data-figure="id-of-its-json">.
//
// plotly.js is large (about 1 MB to evaluate), so it is fetched and run only when a chart is
// about to scroll into view: the page, its words and its tables are usable before then. Its
// address comes from this script's own tag (data-plotly), so production gets the hashed name.
(function () {
  const config = { responsive: true, displayModeBar: false, scrollZoom: false };
  const plotlySrc = document.currentScript.dataset.plotly;
  let plotly = null; // a promise, once plotly.js is asked for

  function loadPlotly() {
    if (!plotly) {
      plotly = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = plotlySrc;
        script.onload = () => resolve(window.Plotly);
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return plotly;
  }

  function drawOne(element) {
    const source = document.getElementById(element.dataset.figure);
    if (!source) return;
    const figure = JSON.parse(source.textContent);
    loadPlotly().then((Plotly) => {
      Plotly.react(element, figure.data, figure.layout, config);
      element.dataset.drawn = "true";
    });
  }

  const observer =
    "IntersectionObserver" in window
      ? new IntersectionObserver(
          (entries) => {
            entries.forEach((entry) => {
              if (!entry.isIntersecting) return;
              observer.unobserve(entry.target);
              drawOne(entry.target);
            });
          },
          { rootMargin: "300px 0px" },
        )
      : null;

  function draw(root) {
    root.querySelectorAll("[data-figure]").forEach((element) => {
      if (observer) observer.observe(element);
      else drawOne(element);
    });
  }

  // Before printing (journal/report.js asks), every chart is drawn, seen or not.
  window.addEventListener("charts:draw-all", () => {
    document.querySelectorAll("[data-figure]:not([data-drawn])").forEach((element) => {
      if (observer) observer.unobserve(element);
      drawOne(element);
    });
  });

  htmx.onLoad(draw);
})();
