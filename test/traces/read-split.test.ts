import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/traces/read-trace.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

const HEADER = [
  'request_id',
  'model',
  'timestamp',
  'prompt',
  'task',
  'quality',
  'input_tokens',
  'cost_usd',
  'status',
  'team',
];

/** A cell as CSV writes it: quoted when it holds a delimiter, a quote or a line break. */
function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | ''> => fc.option(arb, { nil: '' });
const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', 'é'), maxLength: 12 });

const rowArb = fc.tuple(
  fc.integer({ min: 0, max: 7 }), // request
  fc.integer({ min: 0, max: 3 }), // model
  optional(fc.integer({ min: 1.6e12, max: 1.8e12 }).map(String)),
  optional(text),
  optional(fc.constantFrom('math', 'code')),
  optional(fc.double({ min: 0, max: 1, noNaN: true }).map(String)),
  optional(fc.nat(100_000).map(String)),
  optional(fc.double({ min: 0, max: 10, noNaN: true }).map(String)),
  fc.constantFrom('', 'ok', 'error', 'timeout', 'rate_limited'),
  optional(text),
);

/** Rows with unique (request, model) pairs, as CSV lines (each may span several physical lines). */
const traceArb = fc
  .uniqueArray(rowArb, { minLength: 1, maxLength: 30, selector: (r) => `${r[0]}/${r[1]}` })
  .map((rows) =>
    rows.map((r) => [`req-${r[0]}`, `model-${r[1]}`, ...r.slice(2)].map((v) => cell(String(v))).join(',')),
  );

/** Everything a Trace holds except where rows came from (file and line differ by construction). */
function content(t: Trace): unknown {
  const { sources, rowSource, rowLine, ...rest } = t;
  void sources, rowSource, rowLine;
  return { ...rest, present: [...rest.present].sort() };
}

describe('reading a trace split into two files', () => {
  it('gives the same table as reading it whole, at any row boundary', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(traceArb, fc.nat(), async (lines, at) => {
        const cut = at % (lines.length + 1);
        const head = `${HEADER.join(',')}\n`;
        run++;
        const whole = files.write(`whole-${run}.csv`, head + lines.map((l) => `${l}\n`).join(''));
        // The parts use different line endings, as files from two tools would.
        const crlfHead = head.replace('\n', '\r\n');
        const first = files.write(
          `first-${run}.csv`,
          crlfHead +
            lines
              .slice(0, cut)
              .map((l) => `${l}\r\n`)
              .join(''),
        );
        const second = files.write(
          `second-${run}.csv`,
          head +
            lines
              .slice(cut)
              .map((l) => `${l}\n`)
              .join(''),
        );
        // A part with no rows is a header-only file, which is an error on its own; skip those splits.
        const parts = [cut > 0 ? first : undefined, cut < lines.length ? second : undefined].filter(
          (p) => p !== undefined,
        );
        const a = await readTrace(whole);
        const b = await readTrace(parts);
        expect(content(b)).toEqual(content(a));
        expect(a.rowCount).toBe(lines.length);
      }),
      { numRuns: 60 },
    );
  });
});
