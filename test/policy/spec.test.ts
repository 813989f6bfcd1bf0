import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { parseSpec, withArg, withOption } from '../../src/policy/spec.ts';

describe('parseSpec', () => {
  it.each([
    ['always:gpt-4o', { kind: 'builtin', name: 'always', arg: 'gpt-4o', options: {} }],
    ['random', { kind: 'builtin', name: 'random', arg: '', options: {} }],
    ['weighted:a=0.7,b=0.3', { kind: 'builtin', name: 'weighted', arg: 'a=0.7,b=0.3', options: {} }],
    [
      'cascade:m1>m2?accept=judge&epsilon=0.1',
      { kind: 'builtin', name: 'cascade', arg: 'm1>m2', options: { accept: 'judge', epsilon: '0.1' } },
    ],
    ['always:openai/gpt-4o:free', { kind: 'builtin', name: 'always', arg: 'openai/gpt-4o:free', options: {} }],
    ['./policies/x.ts?alpha=0.3', { kind: 'file', name: './policies/x.ts', arg: '', options: { alpha: '0.3' } }],
    ['my-policy.js', { kind: 'file', name: 'my-policy.js', arg: '', options: {} }],
    ['/abs/p.mts', { kind: 'file', name: '/abs/p.mts', arg: '', options: {} }],
    ['x?note=a%26b', { kind: 'builtin', name: 'x', arg: '', options: { note: 'a&b' } }],
  ])('reads %s', (spec, expected) => {
    expect(parseSpec(spec)).toEqual({ source: spec, ...expected });
  });

  it.each([
    [
      '',
      'policy spec: expected a policy, got an empty string; write it as name[:arg][?key=value&key2=value2], e.g. always:gpt-4o or ./my-policy.ts?alpha=0.3',
    ],
    [
      'Always:x',
      'policy spec "Always:x": expected a policy name of lowercase letters, digits and "-", got "Always"; write it as',
    ],
    ['always:', 'policy spec "always:": nothing after ":"'],
    ['knn?k', 'policy spec "knn?k": expected key=value after "?", got "k"'],
    ['knn?=3', 'policy spec "knn?=3": expected key=value after "?", got "=3"'],
    ['knn?k=1&k=2', 'policy spec "knn?k=1&k=2": option "k" is given twice; keep one'],
    ['knn?k=%zz', 'policy spec "knn?k=%zz": option "k" has a malformed %-escape; write %25 for a literal %'],
    [
      './p.ts?__proto__=1',
      'policy spec "./p.ts?__proto__=1": option name "__proto__" is reserved by JavaScript objects and cannot be passed; rename it',
    ],
    ['./p.ts?constructor=x', 'policy spec "./p.ts?constructor=x": option name "constructor" is reserved'],
  ])('refuses %j with a ConfigError saying how to write it', (spec, message) => {
    expect(() => parseSpec(spec)).toThrow(ConfigError);
    expect(() => parseSpec(spec)).toThrow(message);
  });

  it('sets an option or the argument for a sweep and round-trips through parseSpec', () => {
    const s = withOption(parseSpec('threshold:score?strong=c&weak=a'), 'threshold', '0.25');
    expect(s.source).toBe('threshold:score?strong=c&weak=a&threshold=0.25');
    expect(parseSpec(s.source)).toEqual(s);
    const b = withArg(parseSpec('budget:5?window=hour'), '10');
    expect(b.source).toBe('budget:10?window=hour');
    expect(parseSpec(b.source)).toEqual(b);
    expect(parseSpec(withOption(parseSpec('x'), 'note', 'a&b%').source).options).toEqual({ note: 'a&b%' });
  });
});
