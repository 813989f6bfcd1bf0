import { afterAll, describe, expect, it } from 'vitest';
import { ResourceLimitError } from '../../src/core/errors.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

// 30,000 rows with a 100-character prompt each: about 6 MB by the builder's estimate.
const prompt = 'x'.repeat(100);
const big = files.write(
  'big.csv',
  `request_id,model,quality,prompt\n${Array.from({ length: 30_000 }, (_, i) => `r${i},a,1,${prompt}${i}`).join('\n')}\n`,
);

describe('the memory budget of a read', () => {
  it('stops with a clear message once the trace outgrows --max-memory', async () => {
    const err = await readTrace(big, { maxMemoryMb: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceLimitError);
    expect((err as Error).message).toMatch(
      /^.*big\.csv:\d+: the trace outgrew the memory budget of 2 MB \(--max-memory\) after [\d,]+ rows and [\d,]+ requests \(~\d+ MB\); raise --max-memory/,
    );
  });

  it('reads the same file whole under a budget that fits it', async () => {
    const t = await readTrace(big, { maxMemoryMb: 50 });
    expect(t.rowCount).toBe(30_000);
  });

  it('tells progress how many rows the trace has and how large it has grown', async () => {
    const seen: { rows: number; memoryBytes: number }[] = [];
    await readTrace(big, { onProgress: (_d, _t, grown) => seen.push({ ...grown }) });
    expect(seen.length).toBeGreaterThan(0);
    const last = seen[seen.length - 1]!;
    expect(last.memoryBytes).toBeGreaterThan(5e6);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.rows).toBeGreaterThanOrEqual(seen[i - 1]!.rows);
  });
});
