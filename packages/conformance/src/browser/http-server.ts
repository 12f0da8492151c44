import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

/** Content types by file extension; anything else is application/octet-stream. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** A local HTTP server on 127.0.0.1 and a free port (a secure context, as WebGPU needs). */
export interface HttpServer {
  /** The base URL, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** The body of a path (decoded, starting with "/"), or null for 404. */
type Lookup = (pathname: string) => Promise<string | Uint8Array | null>;

async function listen(lookup: Lookup): Promise<HttpServer> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'GET') {
      response.writeHead(405).end();
      return;
    }
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const path = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
    lookup(path).then(
      (body) => {
        if (body === null) response.writeHead(404).end('not found');
        else response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
      },
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Serves the files under `root` (GET only; `/` is index.html; nothing outside `root`). */
export function serveDirectory(root: string): Promise<HttpServer> {
  const base = normalize(root) + sep;
  return listen(async (pathname) => {
    const file = normalize(join(base, pathname));
    if (!file.startsWith(base)) return null;
    try {
      return await readFile(file);
    } catch {
      return null;
    }
  });
}

/** Serves a fixed set of in-memory files, by path: `{ '/index.html': '<!doctype html>…' }`. */
export function serveFiles(files: Readonly<Record<string, string | Uint8Array>>): Promise<HttpServer> {
  return listen(async (pathname) => (Object.prototype.hasOwnProperty.call(files, pathname) ? files[pathname] : null));
}
