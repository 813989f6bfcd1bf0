import { afterAll, describe, expect, it } from 'vitest';
import { describeTrace } from '../../src/traces/describe.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

describe('readTrace repairs that are counted, never silent', () => {
  it('with --lenient, counts each invalid UTF-8 byte with the first line instead of merging ids silently', async () => {
    const path = files.write(
      'latin1.csv',
      Buffer.from('request_id,model,cost_usd\nid\xff,a,1\nid\xfe,a,1\n', 'latin1'),
    );
    const t = await readTrace(path, { lenient: true });
    const w = t.warnings.find((x) => x.code === 'invalid-utf8');
    expect(w?.count).toBe(2);
    expect(w?.message).toContain(`read as one; first: ${path}:2`);
    // The two ids did become one request: the warning is what tells the user.
    expect(t.requestIds).toEqual(['id\uFFFD']);
  });

  it('takes the earliest of two timestamps of one request, whatever the row order, and warns', async () => {
    const rows = ['r1,a,2024-05-01T12:00:05Z', 'r1,b,2024-05-01T12:00:00Z', 'r2,a,2024-05-01T13:00:00Z'];
    for (const [name, order] of [
      ['ts-a.csv', rows],
      ['ts-b.csv', [...rows].reverse()],
    ] as const) {
      const t = await readTrace(files.write(name, `request_id,model,timestamp\n${order.join('\n')}\n`));
      expect([...t.requestTimestampMs]).toEqual([Date.UTC(2024, 4, 1, 12), Date.UTC(2024, 4, 1, 13)]);
      expect(t.warnings.map((x) => [x.code, x.count])).toEqual([['conflicting-timestamps', 1]]);
    }
  });

  it('describes a trace whose every row was skipped as having no information, not full information', async () => {
    const t = await readTrace(files.write('all-bad.csv', 'request_id,model,quality\nr1,a,5\nr2,a,7\n'), {
      lenient: true,
    });
    const d = describeTrace(t);
    expect([d.rows, d.fullInformation]).toEqual([0, false]);
  });

  it.each([
    ['a long CSV', 'long-index.csv', ',request_id,model,quality\n0,r1,a,1\n1,r1,b,0\n'],
    ['a wide RouterBench-style CSV', 'wide-index.csv', ',sample_id,prompt,a,b\n0,r1,hi,1,0\n'],
    ['a CSV re-saved by pandas', 'unnamed-0.csv', 'Unnamed: 0,request_id,model,quality\n0,r1,a,1\n1,r1,b,0\n'],
  ])('drops the unnamed leading index column of %s with a warning', async (_, name, content) => {
    const t = await readTrace(files.write(name, content));
    expect(t.requestIds).toEqual(['r1']);
    expect(t.modelNames).toEqual(['a', 'b']);
    expect([...t.quality]).toEqual([1, 0]);
    expect(t.tags).toEqual([]);
    expect(t.warnings.map((w) => w.code)).toEqual(['index-column']);
  });
});
