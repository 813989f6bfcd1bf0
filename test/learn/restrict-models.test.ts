import { describe, expect, it } from 'vitest';
import { restrictModels } from '../../src/learn/restrict-models.ts';
import { emptyRow, TraceBuilder } from '../../src/traces/builder.ts';

describe('restrictModels', () => {
  it('keeps only the named models and re-encodes their codes', () => {
    const b = new TraceBuilder();
    const src = b.addSource('t.csv');
    let line = 2;
    for (const id of ['r1', 'r2'])
      for (const [model, q] of [
        ['a', 0],
        ['b', 1],
        ['c', 0.5],
      ] as const) {
        b.add({ ...emptyRow(), requestId: id, model, quality: q, costUsd: line }, src, line++);
      }
    const t = restrictModels(b.finish(), ['c', 'a']);
    // Trace order is kept (a before c); rows of b (lines 3 and 6) are gone.
    expect(t.modelNames).toEqual(['a', 'c']);
    expect(Array.from(t.rowModel)).toEqual([0, 1, 0, 1]);
    expect(Array.from(t.rowLine)).toEqual([2, 4, 5, 7]);
    expect(Array.from(t.requestRowStart)).toEqual([0, 2, 4]);
    expect(Array.from(t.quality)).toEqual([0, 0.5, 0, 0.5]);
  });
});
