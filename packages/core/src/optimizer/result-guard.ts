import type { Engine } from './engine';
import type { TensorRecord } from './tensor-record';

/** What a step saved of one tensor before its update: parameter and slot values, t and scalars. */
interface Saved<A> {
  param: A | null;
  slots: (A | null)[];
  t: number;
  scalars: Record<string, number>;
}

/**
 * skipNonFinite's `guardResult`: the values a step's rule updates (parameters and slots)
 * are copied before the update, so that a step whose result holds NaN or ±Inf (an l2
 * strength of 1e38, a learning rate of 1e30, squares of gradients past float32) can be put
 * back exactly. On the typed-array engines the copies are reused from step to step; on a
 * device engine they are the step's temporaries and the check stays on the device.
 */
export class ResultGuard<A> {
  private readonly saved = new Map<string, Saved<A>>();

  constructor(private readonly engine: Engine<A>) {}

  /** Copies what the update of these tensors will change. */
  save(records: readonly TensorRecord<A>[], params: readonly A[]): void {
    const engine = this.engine;
    records.forEach((record, i) => {
      let saved = this.saved.get(record.name);
      if (saved === undefined) {
        saved = { param: null, slots: [], t: 0, scalars: {} };
        this.saved.set(record.name, saved);
      }
      saved.param = engine.copy(params[i], saved.param);
      saved.slots.length = record.slotList.length;
      record.slotList.forEach((slot, j) => (saved.slots[j] = engine.copy(slot, saved.slots[j] ?? null)));
      saved.t = record.t;
      saved.scalars = { ...record.scalars };
    });
  }

  /** Every array the update wrote: the parameters and the slots. */
  written(records: readonly TensorRecord<A>[], params: readonly A[]): A[] {
    return records.flatMap((record, i) => [params[i], ...record.slotList]);
  }

  /** The index of the record whose array is `written(records, params)[index]`. */
  recordOf(records: readonly TensorRecord<A>[], index: number): number {
    let end = 0;
    for (let i = 0; i < records.length; i++) {
      end += 1 + records[i].slotList.length;
      if (index < end) return i;
    }
    return records.length - 1;
  }

  /**
   * Puts the saved values back (under the engine's write guard, if one is set: on a device,
   * only where the step turned out non-finite); step counts and scalars too when `counters`.
   */
  restore(records: readonly TensorRecord<A>[], params: readonly A[], counters: boolean): void {
    const engine = this.engine;
    records.forEach((record, i) => {
      const saved = this.saved.get(record.name) as Saved<A>;
      engine.restore(params[i], saved.param as A);
      const slots = record.slots as Record<string, A>;
      record.slotList = record.slotList.map((slot, j) => {
        const kept = engine.restore(slot, saved.slots[j] as A);
        // An engine of immutable tensors keeps the copy itself: it is a slot now, no longer a copy.
        if (kept === saved.slots[j]) saved.slots[j] = null;
        slots[record.program.slots[j]] = kept;
        return kept;
      });
      if (counters) {
        record.t = saved.t;
        Object.assign(record.scalars, saved.scalars);
      }
    });
  }

  /** Drops the copies of these tensors (all when no names are given). */
  forget(names?: readonly string[]): void {
    for (const name of names ?? [...this.saved.keys()]) {
      const saved = this.saved.get(name);
      if (saved === undefined) continue;
      if (saved.param !== null) this.engine.release(saved.param);
      for (const slot of saved.slots) if (slot !== null) this.engine.release(slot);
      this.saved.delete(name);
    }
  }
}
