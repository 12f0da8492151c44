/**
 * The page side of a browser target: a page script calls `exposeTarget` with its package's
 * target factory, and the Node side (`createBrowserTarget`) drives it through the global
 * `descentConformance`. Cases come in and runs go out as plain JSON-like values (arrays,
 * numbers, strings). Bundled into the page, so nothing here may use Node.
 *
 * @packageDocumentation
 */
import { DescentError } from '@descent/core';
import type { AugmentCase, OptimizerCase } from './format';
import type { AugmentRun, ConformanceTarget, OptimizerRun } from './target';

/** The name of the global the page script installs. */
export const PAGE_GLOBAL = 'descentConformance';

/** A page's answer: the value, or the message of the error it raised. */
export type PageReply<T> = { ok: true; value: T } | { ok: false; error: string };

/** What `start` reports about the target it made in the page. */
export interface PageTargetInfo {
  name: string;
  precision: 'float32' | 'float64';
  /** Whether it runs optimizer cases and augmentation cases. */
  runs: { optimizer: boolean; augment: boolean };
}

/** The global a page script installs (`globalThis.descentConformance`). */
export interface PageApi {
  /** Makes the target of this name with the factory given to exposeTarget (one per page). */
  start(name: string, options: Record<string, unknown>): Promise<PageReply<PageTargetInfo>>;
  /** Runs one case on the target, returning the run with plain arrays. */
  run(kind: 'optimizer' | 'augment', c: OptimizerCase | AugmentCase): Promise<PageReply<OptimizerRun | AugmentRun>>;
  /** Disposes of the target. */
  stop(): Promise<void>;
}

/** A package's target factory, as the page calls it: a target name and JSON options. */
export type PageTargetFactory = (name: string, options: Record<string, unknown>) => ConformanceTarget | Promise<ConformanceTarget>;

const plain = (values: ArrayLike<number>): number[] => Array.from(values);

function plainOptimizerRun(run: OptimizerRun): OptimizerRun {
  const out: OptimizerRun = { params: run.params.map((step) => step.map(plain)) };
  if (run.learningRates !== undefined) out.learningRates = plain(run.learningRates);
  if (run.average !== undefined) out.average = run.average.map(plain);
  if (run.losses !== undefined) out.losses = plain(run.losses);
  return out;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What this page offers: WebGL2 (its renderer), WebGPU (its adapter), secure context. */
export async function describeGraphics(): Promise<string> {
  let webgl = 'no';
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl !== null) webgl = 'yes';
  } catch {
    // no canvas, no WebGL2
  }
  let webgpu: string;
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string } } | null> } }).gpu;
  if (gpu === undefined) webgpu = 'no navigator.gpu';
  else {
    try {
      const adapter = await gpu.requestAdapter();
      webgpu = adapter === null ? 'no adapter' : `adapter ${[adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ') || 'found'}`;
    } catch (error) {
      webgpu = `requestAdapter failed (${messageOf(error)})`;
    }
  }
  return `WebGL2: ${webgl}; WebGPU: ${webgpu}; secure context: ${globalThis.isSecureContext ? 'yes' : 'no'}`;
}

/**
 * Installs `globalThis.descentConformance` (a PageApi) around a package's target factory.
 * Call it once, at the top level of the page script.
 */
export function exposeTarget(create: PageTargetFactory): void {
  let target: ConformanceTarget | null = null;
  const api: PageApi = {
    async start(name, options) {
      try {
        target = await create(name, options);
        const runs = { optimizer: target.runOptimizerCase !== undefined, augment: target.runAugmentCase !== undefined };
        return { ok: true, value: { name: target.name, precision: target.precision, runs } };
      } catch (error) {
        return { ok: false, error: `${messageOf(error)} (this page: ${await describeGraphics()})` };
      }
    },
    async run(kind, c) {
      try {
        if (target === null) throw new DescentError('target', null, 'a started target (start() was not called, or failed)');
        if (kind === 'optimizer') {
          if (target.runOptimizerCase === undefined) throw new DescentError('kind', kind, `"augment": target "${target.name}" runs no optimizer cases`);
          return { ok: true, value: plainOptimizerRun(await target.runOptimizerCase(c as OptimizerCase)) };
        }
        if (target.runAugmentCase === undefined) throw new DescentError('kind', kind, `"optimizer": target "${target.name}" runs no augmentation cases`);
        const run = await target.runAugmentCase(c as AugmentCase);
        const targets = run.targets && { boxes: plain(run.targets.boxes), keypoints: plain(run.targets.keypoints), labels: plain(run.targets.labels) };
        return { ok: true, value: { shape: [...run.shape], values: plain(run.values), ...(targets && { targets }) } };
      } catch (error) {
        return { ok: false, error: messageOf(error) };
      }
    },
    async stop() {
      await target?.dispose?.();
      target = null;
    },
  };
  Reflect.set(globalThis, PAGE_GLOBAL, api);
}
