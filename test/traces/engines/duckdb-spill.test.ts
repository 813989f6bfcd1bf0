import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.ts';
import { spillRequestChunks } from '../../../src/traces/engines/duckdb-spill.ts';
import { readTrace } from '../../../src/traces/read-trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'routelab-spill-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function write(text: string, ext = 'csv'): string {
  const path = join(dir, `f${n++}.${ext}`);
  writeFileSync(path, text);
  return path;
}

describe('spillRequestChunks', () => {
  it('puts every row of a request in one chunk of at most n requests, rows in file order', async () => {
    // rows: [request, model, line]; the file interleaves requests and lists models in no fixed order.
    const row = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.constantFrom('a', 'b', 'c', 'd'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 30 }),
        async (rows, size) => {
          const seen = new Set<string>();
          const kept = rows.filter(([r, m]) => !seen.has(`${r}${m}`) && seen.add(`${r}${m}`));
          const path = write(
            `request_id,model,quality\n${kept.map(([r, m], i) => `id-${r},${m},${(i % 10) / 10}`).join('\n')}\n`,
          );
          const chunks = await spillRequestChunks([path], size, mkdtempSync(join(dir, 'c-')));
          const requests = new Set(kept.map(([r]) => r)).size;
          expect(chunks).toMatchObject({ requests, rows: kept.length });
          expect(chunks.files.length).toBe(Math.ceil(requests / size));
          const ids: string[] = [];
          for (const file of chunks.files) {
            const t = await readTrace(file);
            expect(t.requestCount).toBeLessThanOrEqual(size);
            ids.push(...t.requestIds);
            // Each request's models in the order of its lines in the file (the quality cell numbers the lines).
            t.requestIds.forEach((id, r) => {
              const inFile = kept.filter(([k]) => `id-${k}` === id).map(([, m]) => m);
              const rowsOf = Array.from(
                { length: t.requestRowStart[r + 1]! - t.requestRowStart[r]! },
                (_, j) => t.modelNames[t.rowModel[t.requestRowStart[r]! + j]!],
              );
              expect(rowsOf).toEqual(inFile);
            });
          }
          expect(ids.sort()).toEqual([...new Set(kept.map(([r]) => `id-${r}`))].sort());
        },
      ),
      { numRuns: 20 },
    );
  });

  it('reads several files as one trace, and Parquet', async () => {
    const a = write('request_id,model,quality\nr1,x,1\nr2,x,0\n');
    const b = write('request_id,model,quality\nr1,y,0.5\nr3,y,1\n');
    const chunks = await spillRequestChunks([a, b], 2, mkdtempSync(join(dir, 'c-')));
    expect(chunks).toMatchObject({ requests: 3, rows: 4 });
    const first = await readTrace(chunks.files[0]!);
    expect([first.requestIds, first.modelNames, first.rowCount]).toEqual([['r1', 'r2'], ['x', 'y'], 3]);
    const again = await spillRequestChunks([chunks.files[0]!], 1, mkdtempSync(join(dir, 'c-')));
    expect(again.files.length).toBe(2);
    expect((await readTrace(again.files[1]!)).requestIds).toEqual(['r2']);
  });

  it.each([
    ['a JSONL file', 'jsonl', '{"request_id":"a","model":"m"}\n', /expected a long CSV, TSV or Parquet trace/],
    ['a CSV without request_id', 'csv', 'id,model\n1,m\n', /expected a request_id column, got id, model/],
    ['an empty CSV', 'csv', '', /expected a header line/],
  ])('refuses %s with what to do', async (_, ext, text, message) => {
    const run = spillRequestChunks([write(text, ext)], 10, mkdtempSync(join(dir, 'c-')));
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(message);
  });
});
