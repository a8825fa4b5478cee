/** Contextual metadata: how much more often each item occurs under a context value than overall. */
import type { InteractionRecord } from '../schema/records';
import type { IdIndex } from './catalogue';

/**
 * A context value's lift is raised to this power before it multiplies an item's affinity, so that context shifts the
 * ranking without overriding the user's history.
 */
export const CONTEXT_LIFT_EXPONENT = 0.5;

/** Interaction counts per item under each context value, keyed by `FIELD=value`. */
export class ContextStatistics {
  private readonly counts = new Map<string, Map<number, number>>();
  private readonly totals = new Map<string, number>();
  private readonly itemCounts: Float64Array;
  private readonly total: number;

  constructor(interactions: readonly InteractionRecord[], items: IdIndex, itemCounts: Float64Array) {
    this.itemCounts = itemCounts;
    this.total = interactions.length;
    for (const record of interactions) {
      const item = items.indexOf(record.itemId);
      if (!record.context || item === undefined) continue;
      for (const [field, value] of Object.entries(record.context)) {
        const key = `${field}=${value}`;
        let perItem = this.counts.get(key);
        if (perItem === undefined) {
          perItem = new Map();
          this.counts.set(key, perItem);
        }
        perItem.set(item, (perItem.get(item) ?? 0) + 1);
        this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
      }
    }
  }

  /**
   * Returns, by item index, the product over the request's context values of the smoothed lift
   * `((c_iv + 1) / (N_v + n)) / ((c_i + 1) / (N + n))` raised to `CONTEXT_LIFT_EXPONENT`. Here `c_iv` counts item `i`
   * under value `v`, `N_v` counts all interactions under `v`, and `n` is the number of items. Returns undefined when
   * no value of the context occurred in training, because such a context carries no signal.
   */
  lifts(context: Readonly<Record<string, string>> | undefined, itemCount: number): Float64Array | undefined {
    let lifts: Float64Array | undefined;
    for (const [field, value] of Object.entries(context ?? {})) {
      const key = `${field}=${value}`;
      const perItem = this.counts.get(key);
      if (perItem === undefined) continue;
      lifts ??= new Float64Array(itemCount).fill(1);
      const contextTotal = (this.totals.get(key) ?? 0) + itemCount;
      const overallTotal = this.total + itemCount;
      for (let item = 0; item < itemCount; item++) {
        const inContext = ((perItem.get(item) ?? 0) + 1) / contextTotal;
        const overall = ((this.itemCounts[item] ?? 0) + 1) / overallTotal;
        lifts[item] *= Math.pow(inContext / overall, CONTEXT_LIFT_EXPONENT);
      }
    }
    return lifts;
  }
}
