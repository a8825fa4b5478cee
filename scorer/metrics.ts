/** Ranking metrics with binary relevance, as GetSolutionMetrics reports them. */

/** Share of the first `k` recommendations that are relevant; `k` counts even when fewer items were recommended. */
export function precisionAtK(recommended: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let hits = 0;
  for (let rank = 0; rank < Math.min(k, recommended.length); rank++) {
    if (relevant.has(recommended[rank])) hits++;
  }
  return hits / k;
}

/** Reciprocal of the 1-based rank of the first relevant item within the first `k`, or 0 when there is none. */
export function reciprocalRankAtK(recommended: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  for (let rank = 0; rank < Math.min(k, recommended.length); rank++) {
    if (relevant.has(recommended[rank])) return 1 / (rank + 1);
  }
  return 0;
}

/**
 * Normalized discounted cumulative gain at `k`: the sum of `1 / log2(rank + 1)` over relevant items at 1-based ranks up
 * to `k`, divided by the same sum for an ideal list that puts `min(k, |relevant|)` relevant items first.
 */
export function ndcgAtK(recommended: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let gain = 0;
  for (let rank = 1; rank <= Math.min(k, recommended.length); rank++) {
    if (relevant.has(recommended[rank - 1])) gain += 1 / Math.log2(rank + 1);
  }
  let ideal = 0;
  for (let rank = 1; rank <= Math.min(k, relevant.size); rank++) ideal += 1 / Math.log2(rank + 1);
  return ideal === 0 ? 0 : gain / ideal;
}
