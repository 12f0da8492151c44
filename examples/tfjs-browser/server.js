'use strict';
/**
 * Serves the example on 127.0.0.1 (a secure context, as WebGPU needs): the page, its
 * script bundled for the browser by esbuild from page/main.js (tfjs, its webgpu backend and
 * @descent/tfjs from their built packages), and the MNIST digits as /digits.json.
 */
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { digitsJson } = require('./digits');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json' };

/** The page script as one browser bundle (an IIFE with every dependency). */
async function bundlePage() {
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'page', 'main.js')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/**
 * Bundles the page, takes the digits and starts serving them.
 * @param {{ perDigit: number, testPerDigit: number, port?: number }} options port 0 (default): any free port
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
async function startServer({ perDigit, testPerDigit, port = 0 }) {
  const files = {
    '/index.html': fs.readFileSync(path.join(__dirname, 'page', 'index.html')),
    '/main.js': await bundlePage(),
    '/digits.json': digitsJson(perDigit, testPerDigit),
  };
  const server = http.createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = pathname === '/' ? '/index.html' : pathname;
    if (request.method !== 'GET' || !Object.hasOwn(files, file)) return response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] }).end(files[file]);
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve).closeAllConnections()),
  };
}

module.exports = { startServer };
