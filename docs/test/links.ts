/**
 * A static link check of the built site: every `href` and `src` in every HTML page must name a
 * file of the site, and a `#fragment` an element id on the target page. External links
 * (http:, https:, mailto:, data:, javascript:) are counted but not followed. TypeDoc's
 * class hierarchy page draws its entries (and their ids) from a script, so fragments into it
 * are not checked.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

/** One link that does not resolve: the page it is on, the link as written and why it fails. */
export interface BrokenLink {
  readonly page: string;
  readonly link: string;
  readonly reason: string;
}

/** What the check saw: pages read, internal links followed, external links skipped, broken ones. */
export interface LinkReport {
  readonly pages: number;
  readonly internal: number;
  readonly external: number;
  readonly broken: BrokenLink[];
}

/** Pages whose element ids are created by a script, so a static fragment check cannot see them. */
const SCRIPTED_IDS = new Set(['api/hierarchy.html']);

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Every HTML file below `dir`, as paths relative to `root`. */
function htmlFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(root, path);
    return entry.name.endsWith('.html') ? [relative(root, path)] : [];
  });
}

/** The `href`/`src` values of a page (attributes only, not text that looks like one). */
function linksOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
}

/** The ids a page declares, for fragment checks. */
function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => m[1]));
}

/** Checks every link of every page of the site in `siteDir`. */
export function checkLinks(site: string): LinkReport {
  const siteDir = resolve(site);
  const pages = htmlFiles(siteDir);
  const html = new Map(pages.map((page) => [page, readFileSync(join(siteDir, page), 'utf8')]));
  const ids = new Map<string, Set<string>>();
  const idsFor = (page: string) => {
    if (!ids.has(page)) ids.set(page, idsOf(html.get(page) ?? readFileSync(join(siteDir, page), 'utf8')));
    return ids.get(page) ?? new Set<string>();
  };
  const broken: BrokenLink[] = [];
  let internal = 0;
  let external = 0;
  for (const [page, source] of html) {
    for (const link of linksOf(source)) {
      if (link === '' || EXTERNAL.test(link)) {
        external += link === '' ? 0 : 1;
        continue;
      }
      internal += 1;
      const [pathPart, fragment] = link.split('#', 2);
      const pathOnly = decodeURIComponent(pathPart.split('?')[0]);
      const target = pathOnly === '' ? join(siteDir, page) : pathOnly.startsWith('/') ? join(siteDir, pathOnly) : resolve(dirname(join(siteDir, page)), pathOnly);
      const file = existsSync(target) && statSync(target).isDirectory() ? join(target, 'index.html') : target;
      if (!file.startsWith(siteDir) || !existsSync(file)) {
        broken.push({ page, link, reason: 'no such file' });
      } else if (fragment && file.endsWith('.html') && !SCRIPTED_IDS.has(relative(siteDir, file)) && !idsFor(relative(siteDir, file)).has(decodeURIComponent(fragment))) {
        broken.push({ page, link, reason: `no element #${fragment}` });
      }
    }
  }
  return { pages: pages.length, internal, external, broken };
}
