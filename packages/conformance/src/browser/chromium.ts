import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DescentError } from '@descent/core';
import { chromium, type Browser } from 'playwright-core';

/**
 * Flags that give a headless Chromium WebGL2 and WebGPU without a GPU, both on SwiftShader
 * (a software GPU). WebGPU also needs the page in a secure context: serve it from
 * http://127.0.0.1.
 */
export const SWIFTSHADER_ARGS: readonly string[] = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan,WebGPU',
  '--use-webgpu-adapter=swiftshader',
  '--ignore-gpu-blocklist',
];

/** Flags for every launch: no sandbox (containers, root), no network chatter, no first-run UI. */
export const QUIET_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/**
 * The Chromium to run: `$DESCENT_CHROMIUM` when set, else `chromium` found on PATH (Debian's
 * apt package; browsers cannot be downloaded here). Throws a DescentError saying what to install.
 */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.DESCENT_CHROMIUM;
  if (chosen !== undefined && chosen !== '') return chosen;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'chromium');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new DescentError('DESCENT_CHROMIUM', chosen, 'the path of a Chromium executable, or `chromium` on PATH (Debian: apt-get install chromium)');
}

/** A running Chromium: playwright-core's Browser (open pages with `newContext()` / `newPage()`). */
export type Chromium = Browser;

/** How to launch Chromium. */
export interface LaunchOptions {
  /** WebGL2 and WebGPU through SwiftShader (SWIFTSHADER_ARGS); otherwise the GPU is disabled. Default false. */
  gpu?: boolean;
  /** The executable; default chromiumExecutable(). */
  executablePath?: string;
}

/**
 * Launches headless Chromium through playwright-core, on a temporary profile that
 * playwright removes on `close()`. Open pages with `browser.newContext()` / `newPage()`.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Chromium> {
  const executablePath = options.executablePath ?? chromiumExecutable();
  const args = [...QUIET_ARGS, ...(options.gpu === true ? SWIFTSHADER_ARGS : ['--disable-gpu'])];
  try {
    return await chromium.launch({ executablePath, headless: true, args });
  } catch (error) {
    throw new DescentError('executablePath', executablePath, `a Chromium that starts (it did not: ${(error as Error).message.split('\n')[0]})`);
  }
}
