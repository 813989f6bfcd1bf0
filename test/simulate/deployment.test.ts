import { describe, expect, it } from 'vitest';
import { TraceFormatError } from '../../src/core/errors.ts';
import { parseDeployment } from '../../src/simulate/load-deployment.ts';

const provider = { name: 'p', model: 'a' };
const parse = (v: unknown) => parseDeployment('d.json', JSON.stringify(v));

describe('deployment file', () => {
  it('fills defaults and sorts providers by name', () => {
    const d = parse({ providers: [{ name: 'z', model: 'a' }, provider] });
    expect(d.providers.map((p) => p.name)).toEqual(['p', 'z']);
    expect(d.providers[0]).toMatchObject({ concurrency: Infinity, rpm: Infinity, errorRate: 0, profile: undefined });
    expect(d.gateway).toMatchObject({ retries: 0, timeoutMs: Infinity, routing: { type: 'openrouter' } });
  });

  it('reads outage bounds as ISO-8601 or epoch ms', () => {
    const d = parse({ providers: [{ ...provider, outages: [{ start: '2024-01-01T00:00:00Z', end: 1704067260000 }] }] });
    expect(d.providers[0]!.outages).toEqual([{ startMs: 1704067200000, endMs: 1704067260000 }]);
  });

  it.each([
    [{ providers: [{ ...provider, rpn: 5 }] }, 'd.json (providers[0]): unknown key "rpn"'],
    [
      { providers: [{ ...provider, concurrency: -1 }] },
      'd.json (providers[0].concurrency): expected number to be >=1, got -1',
    ],
    [
      { providers: [{ ...provider, errorRate: 2 }] },
      'd.json (providers[0].errorRate): expected number to be <=1, got 2',
    ],
    [{ providers: [provider, { ...provider }] }, 'd.json (providers[1].name): provider name "p" is already used'],
    [{ providers: [] }, 'd.json (providers): expected array to have >=1 items, got []'],
    [
      { providers: [provider], gateway: { fallbacks: { a: ['b'] } } },
      'd.json (gateway.fallbacks.a[0]): model "b" has no provider',
    ],
    [
      { providers: [provider], gateway: { fallbacks: { x: ['a'] } } },
      'd.json (gateway.fallbacks.x): model "x" has no provider',
    ],
    [
      { providers: [{ ...provider, outages: [{ start: 10, end: 5 }] }] },
      'd.json (providers[0].outages[0]): expected end after start, got 10 → 5',
    ],
    [
      { providers: [{ ...provider, outages: [{ start: 'yesterday', end: 5 }] }] },
      'd.json (providers[0].outages[0].start): expected epoch ms or an ISO-8601 date-time, got "yesterday"',
    ],
    [
      { providers: [provider], gateway: { providerRouting: { type: 'openrouter', order: ['q'] } } },
      'd.json (gateway.providerRouting.order[0]): unknown provider "q"; known: p',
    ],
    [
      { providers: [provider], gateway: { providerRouting: { type: 'openrouter', models: ['b'] } } },
      'd.json (gateway.providerRouting.models[0]): model "b" has no provider',
    ],
    [
      { providers: [provider], gateway: { providerRouting: { type: 'litellm', strategy: 'fastest' } } },
      'd.json (gateway.providerRouting.strategy): ',
    ],
  ])('refuses %j', (value, message) => {
    const err = (() => {
      try {
        parse(value);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as Error).message.startsWith(message)).toBe(true);
  });

  it('names the line and column of a JSON syntax error', () => {
    expect(() => parseDeployment('d.json', '{\n  "providers": [,]\n}')).toThrow(
      'd.json:2 (column 17): expected valid JSON',
    );
  });
});

describe('outage times', () => {
  it('reads an ISO date-time without a zone as UTC, as trace timestamps are', () => {
    const d = parse({
      providers: [{ name: 'p', model: 'a', outages: [{ start: '2024-01-01T00:00:00', end: '2024-01-01 00:01' }] }],
    });
    expect(d.providers[0]!.outages).toEqual([{ startMs: 1704067200000, endMs: 1704067260000 }]);
  });
});
