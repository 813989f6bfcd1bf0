import { describe, expect, it } from 'vitest';
import { LruMap } from '../../src/core/lru-map.ts';

describe('LruMap', () => {
  it('keeps the most recently used entries: a get renews an entry, a set past capacity drops the oldest', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1);
    m.set('c', 3);
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBe(1);
    expect(m.get('c')).toBe(3);
    m.set('c', 4);
    m.set('d', 5);
    expect([m.get('a'), m.get('c'), m.get('d')]).toEqual([undefined, 4, 5]);
  });
});
