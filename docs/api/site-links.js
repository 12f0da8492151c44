'use strict';
const { PageEvent } = require('typedoc');

/** The prefix typedoc.json's `navigationLinks` use for pages of the site around the API reference. */
const SITE_PREFIX = 'site:/';

/**
 * A TypeDoc plugin that makes the links out of the API reference (typedoc.json's
 * `navigationLinks`, written `site:/index.html`) relative to each page, so "Guides" and
 * "Playground" work from every depth of the reference and wherever the site is hosted.
 * @param {import('typedoc').Application} app
 */
function load(app) {
  app.renderer.on(PageEvent.END, (page) => {
    if (!page.contents) return;
    const depth = page.url.split('/').length; // api/ itself counts as one level above the page
    page.contents = page.contents.replaceAll(`"${SITE_PREFIX}`, `"${'../'.repeat(depth)}`);
  });
}

module.exports = { load, SITE_PREFIX };
