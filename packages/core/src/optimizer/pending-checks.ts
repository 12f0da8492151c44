import type { DeviceChecks } from './engine';

/** The host-side counters of an optimizer that a step advances, as they were before it. */
export interface Counters {
  readonly steps: number;
  readonly tensors: readonly { readonly name: string; readonly t: number; readonly averaged: number; readonly scalars: Record<string, number> }[];
  readonly transforms: readonly unknown[];
}

interface Pending<A> {
  readonly flag: A;
  readonly before: Counters;
  /** The optimizer's step count right after this step. */
  readonly stepsAfter: number;
  ok: boolean | null;
}

/** What settling a check does to its optimizer: count a finite step, or undo the counters of a non-finite one. */
export interface Settler {
  /** The step was finite. */
  finite(): void;
  /** The step was not finite: its writes were guarded on the device; `exact` when no step came after it. */
  nonFinite(before: Counters, exact: boolean): void;
  /** The optimizer's step count now. */
  stepsNow(): number;
}

/**
 * The non-finite checks of guarded device steps (skipNonFinite on a GPU), oldest first:
 * each step's flag is read asynchronously and settled when known, so no step waits on
 * the device. Settling in order keeps the counters exact whenever a check is known by
 * the next step (the usual case when the caller awaits between steps, as model.fit does).
 */
export class PendingChecks<A> {
  private readonly queue: Pending<A>[] = [];

  constructor(private readonly device: DeviceChecks<A>) {}

  /** True when some step's check is not settled yet. */
  get unsettled(): boolean {
    return this.queue.length > 0;
  }

  /** Queues the check of a step that was just taken. */
  add(flag: A, before: Counters, stepsAfter: number): void {
    const pending: Pending<A> = { flag, before, stepsAfter, ok: null };
    this.queue.push(pending);
    this.device.readFlag(flag).then(
      (ok) => (pending.ok = ok),
      () => undefined,
    );
  }

  /** Settles, in order, every check whose flag the device has already told (nothing is read here). */
  settleKnown(settler: Settler): void {
    while (this.queue.length > 0) {
      const pending = this.queue[0];
      const ok = pending.ok;
      if (ok === null) return;
      this.queue.shift();
      this.device.releaseFlag(pending.flag);
      if (ok) settler.finite();
      else settler.nonFinite(pending.before, this.queue.length === 0 && settler.stepsNow() === pending.stepsAfter);
    }
  }

  /** Waits for every queued flag, then settles them all. */
  async settleAll(settler: Settler): Promise<void> {
    for (const pending of this.queue) pending.ok ??= await this.device.readFlag(pending.flag);
    this.settleKnown(settler);
  }

  /** Drops every queued check unsettled (the optimizer's state is being replaced). */
  clear(): void {
    for (const pending of this.queue) this.device.releaseFlag(pending.flag);
    this.queue.length = 0;
  }
}
