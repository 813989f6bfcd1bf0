import { describe, expect, it } from 'vitest';
import { TraceBuilder, emptyRow } from '../../src/traces/builder.ts';

describe('TraceBuilder', () => {
  it('reports a column as present only when a kept row has a value in it', () => {
    // Row 2 duplicates row 1 (same request and model) and is the only one with a latency; --lenient drops it.
    const b = new TraceBuilder();
    const src = b.addSource('t.csv');
    const row = emptyRow();
    Object.assign(row, { requestId: 'q1', model: 'a', quality: 1 });
    b.add(row, src, 2);
    Object.assign(row, { latencyMs: 120 });
    b.add(row, src, 3);
    const t = b.finish({ lenient: true });
    expect(t.rowCount).toBe(1);
    expect(t.present.has('quality')).toBe(true);
    expect(t.present.has('latency_ms')).toBe(false);
    expect(t.warnings.map((w) => [w.code, w.count])).toEqual([['duplicate-row', 1]]);
  });
});
