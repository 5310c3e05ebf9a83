/**
 * The browser-side JavaScript of a figure page, as a plain string (it runs in the page, not in
 * Node, so it is kept out of TypeScript and away from transpilers that would rename helpers).
 * It exposes on window:
 * - fgsmFigures: { ready: Promise, done, drawn, errors } so tests and the PNG renderer know when
 *   every Plotly.newPlot promise has settled;
 * - fgsmDraw(element, figure, config): the one place figures are drawn;
 * - fgsmRender(figure, width, height): draws one figure at an exact pixel size for a screenshot.
 */
export const FIGURE_PAGE_SCRIPT = String.raw`(function () {
  'use strict';
  var state = { done: false, drawn: 0, errors: [], ready: null };
  window.fgsmFigures = state;

  function showError(element, message) {
    var p = document.createElement('p');
    p.className = 'fgsm-figure-error';
    p.textContent = message;
    element.replaceChildren(p);
  }

  window.fgsmDraw = function (element, figure, config) {
    var options = Object.assign({ displaylogo: false, responsive: true }, config || {});
    return Plotly.newPlot(element, figure.data, figure.layout, options);
  };

  window.fgsmRender = function (figure, width, height) {
    var old = document.getElementById('fgsm-render');
    if (old) { Plotly.purge(old); old.remove(); }
    var element = document.createElement('div');
    element.id = 'fgsm-render';
    element.style.cssText = 'position:absolute;left:0;top:0;z-index:10;background:#fff;width:' + width + 'px;height:' + height + 'px';
    document.body.appendChild(element);
    var layout = Object.assign({}, figure.layout, { width: width, height: height, autosize: false });
    return window.fgsmDraw(element, { data: figure.data, layout: layout }, { staticPlot: true, displayModeBar: false, responsive: false })
      .then(function () { return document.fonts.ready; })
      .then(function () { return element.querySelectorAll('.main-svg').length; });
  };

  var elements = Array.prototype.slice.call(document.querySelectorAll('.fgsm-figure'));
  if (typeof Plotly === 'undefined') {
    var message = 'plotly.js did not load, so the charts cannot be drawn. Regenerate this page with fgsm-faces.';
    state.errors.push(message);
    elements.forEach(function (element) { showError(element, message); });
    state.done = true;
    state.ready = Promise.resolve();
    return;
  }
  var specs = JSON.parse(document.getElementById('fgsm-figure-data').textContent);
  state.ready = Promise.all(specs.map(function (figure, i) {
    var element = document.getElementById('fgsm-figure-' + i);
    return Promise.resolve()
      .then(function () { return window.fgsmDraw(element, figure); })
      .then(function () { state.drawn++; }, function (error) {
        var text = 'Figure ' + (i + 1) + ' could not be drawn: ' + ((error && error.message) || error);
        state.errors.push(text);
        showError(element, text);
      });
  })).then(function () { state.done = true; });
})();`;
