'use strict';
/**
 * Loads a guide's live figures lazily: each `figure[data-live]` fetches its bundle
 * (live/<name>.js, built by docs/build/live.js) only when it comes near the screen;
 * until then, and without script, the figure shows its static SVG.
 */
(() => {
  const loaded = new Set();
  const load = (name) => {
    if (loaded.has(name)) return;
    loaded.add(name);
    const script = document.createElement('script');
    script.src = `live/${name}.js`;
    document.body.append(script);
  };
  const figures = document.querySelectorAll('figure[data-live]');
  if (!('IntersectionObserver' in window)) {
    figures.forEach((figure) => load(figure.dataset.live));
    return;
  }
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      load(entry.target.dataset.live);
    }
  }, { rootMargin: '600px 0px' });
  figures.forEach((figure) => observer.observe(figure));
})();
