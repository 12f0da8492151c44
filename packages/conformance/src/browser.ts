/**
 * Running conformance targets in a real browser: headless Chromium through playwright-core,
 * pages served from 127.0.0.1, page scripts bundled with esbuild. Node only; the page side
 * is `@descent/conformance/page`. Needs the optional peer dependencies playwright-core and
 * esbuild, and a Chromium (`$DESCENT_CHROMIUM` or `chromium` on PATH).
 *
 * @packageDocumentation
 */
export { createBrowserTarget } from './browser/browser-target';
export type { BrowserTargetOptions } from './browser/browser-target';
export { bundlePage } from './browser/bundle';
export { chromiumExecutable, launchChromium, QUIET_ARGS, SWIFTSHADER_ARGS } from './browser/chromium';
export type { Chromium, LaunchOptions } from './browser/chromium';
export { pageProblems } from './browser/page-problems';
export { serveDirectory, serveFiles } from './browser/http-server';
export type { HttpServer } from './browser/http-server';
