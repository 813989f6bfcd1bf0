import { describe, expect, it } from 'vitest';
import { sharedValue } from '../../src/policy/shared-cache.ts';

describe('sharedValue', () => {
  it('makes a value once per (owner, key) and keeps owners and keys apart', () => {
    const made: string[] = [];
    const make = (label: string) => () => {
      made.push(label);
      return { label };
    };
    const a = {},
      b = {};
    const first = sharedValue(a, 'k', make('a/k'));
    expect(sharedValue(a, 'k', make('again'))).toBe(first);
    expect(sharedValue(a, 'other', make('a/other')).label).toBe('a/other');
    expect(sharedValue(b, 'k', make('b/k')).label).toBe('b/k');
    expect(made).toEqual(['a/k', 'a/other', 'b/k']);
  });
});
