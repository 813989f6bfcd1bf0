/**
 * The latency axis of the latency charts: a log scale whose domain is the data's own range (a "nice" log
 * domain rounds out to whole decades, and drew 1 to 1,000,000 ms for latencies of 0.3–70 s), with SI-style
 * labels ("2k", "50k") that the greedy overlap rule thins out instead of printing on top of each other.
 */

/** Vega-lite x encoding fields of a latency axis over `valuesMs` (non-positive values cannot be drawn). */
export function latencyAxis(valuesMs: readonly number[], title = 'latency (ms, log scale)'): Record<string, unknown> {
  const positive = valuesMs.filter((v) => v > 0 && Number.isFinite(v));
  const lo = positive.length > 0 ? Math.min(...positive) : 1;
  const hi = positive.length > 0 ? Math.max(...positive) : 10;
  // A little room either side, so the extreme marks are not cut by the frame.
  const domain = lo === hi ? [lo / 2, hi * 2] : [lo / 1.2, hi * 1.2];
  return {
    type: 'quantitative',
    title,
    scale: { type: 'log', domain, nice: false },
    axis: { format: '~s', labelOverlap: 'greedy', tickCount: 6, labelFlush: true },
  };
}
