import type { ConformanceTarget } from '@descent/conformance';

/** Placeholder replaced by the tfjs implementation. */
export async function tensorTarget(name: string): Promise<ConformanceTarget> {
  throw new Error(`target ${name} not built yet`);
}
