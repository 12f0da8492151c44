'use strict';
/**
 * The site search in the header: guide sections and API names, from search-index.json
 * (fetched on first use). Every word typed must appear; API names that start with the query
 * come first, then sections whose title has the words, then the rest.
 */
(() => {
  const form = document.querySelector('form.search');
  if (!form) return;
  const input = form.querySelector('input');
  const list = form.querySelector('.search-results');
  let index;
  const load = () => (index ??= fetch('search-index.json').then((r) => r.json()));

  /** Entries for the query, best first, at most 12. */
  const find = ({ guides, api }, query) => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const apiHits = api
      .filter((e) => words.every((w) => e.name.toLowerCase().includes(w)))
      .map((e) => ({ title: e.name, detail: `API ${e.kind}`, url: e.url, score: e.name.toLowerCase().startsWith(words[0]) ? 3 : 1 }));
    const guideHits = guides
      .filter((e) => words.every((w) => `${e.title} ${e.text}`.toLowerCase().includes(w)))
      .map((e) => ({ title: e.title, detail: 'guide', url: e.url, score: words.every((w) => e.title.toLowerCase().includes(w)) ? 2 : 0 }));
    return [...apiHits, ...guideHits].sort((a, b) => b.score - a.score).slice(0, 12);
  };

  const show = async () => {
    const hits = find(await load(), input.value);
    list.replaceChildren(...hits.map((hit) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = hit.url;
      link.textContent = hit.title;
      const detail = document.createElement('span');
      detail.textContent = hit.detail;
      item.append(link, detail);
      return item;
    }));
    list.hidden = hits.length === 0;
  };
  input.addEventListener('input', show);
  input.addEventListener('focus', load, { once: true });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    list.querySelector('a')?.click();
  });
})();
