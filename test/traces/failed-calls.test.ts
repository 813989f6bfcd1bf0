import { describe, expect, it } from 'vitest';
import { qualityNeedsStatus } from '../../src/traces/failed-calls.ts';
import { traceOf } from '../replay/tiny-trace.ts';

describe('qualityNeedsStatus', () => {
  it.each([
    ['a graded trace with a failed call', [{ quality: 1 }, { quality: 1, status: 'error' as const }], true],
    ['a graded trace where every call succeeded', [{ quality: 1 }, { quality: 0 }], false],
    // No quality column: failures do not score 0 (outcome.ts), so the status never changes a quality.
    ['a trace without a quality column', [{}, { status: 'timeout' as const }], false],
  ])('is %s: %s', (_, cells, want) => {
    const trace = traceOf(cells.map((c, i) => ({ requestId: `q${i}`, model: 'a', ...c })));
    expect(qualityNeedsStatus(trace)).toBe(want);
  });
});
