'use strict';

/**
 * @typedef {{ controls: HTMLElement, plots: HTMLElement, link: HTMLAnchorElement, status: HTMLElement }} LiveParts
 */

/**
 * Turns every `figure[data-live=name]` of the page into a live figure: its static SVG (the
 * no-script fallback) gives way to controls beside the plots, a status line and an
 * "open in the playground" link, and `make` wires them. An error while building shows in
 * the status line and leaves the static figure in place.
 * @param {string} name the figure's name (docs/live/<name>.js)
 * @param {(parts: LiveParts) => void} make
 */
function mountLive(name, make) {
  for (const figure of document.querySelectorAll(`figure[data-live="${name}"]`)) {
    const box = figure.querySelector('.live');
    const controls = Object.assign(document.createElement('div'), { className: 'live-controls' });
    const plots = Object.assign(document.createElement('div'), { className: 'live-plots' });
    const status = Object.assign(document.createElement('output'), { className: 'live-status' });
    status.setAttribute('aria-live', 'polite');
    const link = Object.assign(document.createElement('a'), { className: 'open-playground', textContent: 'Open in the playground' });
    link.href = 'playground.html';
    try {
      make({ controls, plots, link, status });
      controls.append(link, status);
      box.replaceChildren(controls, plots);
      figure.classList.add('is-live');
    } catch (error) {
      box.append(Object.assign(document.createElement('p'), { className: 'problem', textContent: error.message }));
    }
  }
}

/**
 * The playground's address carrying `settings` in its fragment, as the playground's
 * controls read it (docs/playground/controls.js); `section` is the panel scrolled to.
 * @param {Record<string, string | number | boolean>} settings
 * @param {string} section the panel's id (surfaces, schedules, network)
 */
function playgroundHref(settings, section) {
  const entries = Object.entries(settings).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)]);
  return `playground.html#${new URLSearchParams([...entries, ['panel', section]])}`;
}

module.exports = { mountLive, playgroundHref };
