import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NearestPrompts } from '../../src/learn/features/nearest-prompts.ts';
import { sharedNearestPrompts } from '../../src/learn/features/shared-nearest.ts';

const train = [
  'what is the integral of x squared',
  'write a poem about the sea',
  'solve the integral of sin x',
  'a short poem on autumn leaves',
  'python code to sort a list',
  undefined,
  'sort a list in python quickly',
];

describe('sharedNearestPrompts', () => {
  it('builds one index per prompt list and bucket count', () => {
    const a = sharedNearestPrompts(train, 256);
    expect(sharedNearestPrompts(train, 256)).toBe(a);
    expect(sharedNearestPrompts(train, 512)).not.toBe(a);
    expect(sharedNearestPrompts([...train], 256)).not.toBe(a);
  });

  it('answers every repeated query exactly as a fresh index does, for each k', () => {
    const words = ['integral', 'poem', 'python', 'sort', 'sea', 'the', 'list', 'autumn', 'x'];
    const fresh = new NearestPrompts(train, 256);
    const memo = sharedNearestPrompts(train, 256);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 6 }), fc.integer({ min: 1, max: 8 }), (ws, k) => {
        const text = ws.join(' ');
        const want = new Uint32Array(k),
          got = new Uint32Array(k),
          again = new Uint32Array(k);
        const n = fresh.query(text, want);
        expect(memo.query(text, got)).toBe(n);
        expect(memo.query(text, again)).toBe(n);
        expect(Array.from(got.subarray(0, n))).toEqual(Array.from(want.subarray(0, n)));
        expect(Array.from(again.subarray(0, n))).toEqual(Array.from(want.subarray(0, n)));
      }),
    );
  });

  it('finds the integral prompts first for an integral question (k = 2)', () => {
    const out = new Uint32Array(2);
    expect(sharedNearestPrompts(train, 256).query('the integral of x', out)).toBe(2);
    expect([...out].sort()).toEqual([0, 2]);
  });
});
