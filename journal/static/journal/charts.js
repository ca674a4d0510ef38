// Draws every figure on the page from the JSON the page carries (json_script), on load and
// after each htmx swap. Each chart is a <div data-figure="id-of-its-json">.
(function () {
  const config = { responsive: true, displayModeBar: false, scrollZoom: false };

  function draw(root) {
    root.querySelectorAll("[data-figure]").forEach((element) => {
      const source = document.getElementById(element.dataset.figure);
      if (!source) return;
      const figure = JSON.parse(source.textContent);
      Plotly.react(element, figure.data, figure.layout, config);
    });
  }

  htmx.onLoad(draw);
})();
