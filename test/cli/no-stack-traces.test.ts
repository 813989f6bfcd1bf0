/**
 * Hostile invocations found by a new user: each must end in one `routelab: …` line and the exit code the
 * CLI documents (1 bad input, 2 usage error), never a stack trace.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/routelab.js');
const dir = mkdtempSync(join(tmpdir(), 'routelab-hostile-'));
writeFileSync(
  join(dir, 't.csv'),
  'request_id,model,quality,cost_usd,prompt\nr1,a,1,1,hi\nr1,b,0,2,hi\nr2,a,0,1,yo\nr2,b,1,2,yo\n',
);
mkdirSync(join(dir, 'folder'));
writeFileSync(
  join(dir, 'big.csv'),
  `request_id,model\n${Array.from({ length: 30_000 }, (_, i) => `r${i},a`).join('\n')}\n`,
);
writeFileSync(join(dir, 'a-file'), 'not a folder\n');

/** Runs a bash command line in `dir`; the exit code is the first command's (PIPESTATUS), stderr captured. */
function sh(line: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', `${line}; echo "rc=\${PIPESTATUS[0]}" >&2`],
      { cwd: dir, timeout: 60_000 },
      (_err, _stdout, stderr) => {
        const code = Number(/rc=(\d+)\s*$/.exec(stderr)?.[1] ?? -1);
        resolve({ code, stderr: stderr.replace(/rc=\d+\s*$/, '') });
      },
    );
  });
}

const R = `node ${bin}`;
const CASES: [string, string, number, RegExp][] = [
  [
    '--json pointing at a folder',
    `${R} replay t.csv --policy always:a --json folder`,
    2,
    /^routelab: --json folder: expected a file to write, got a folder; name a file in it, e\.g\. folder\/results\.json\n$/,
  ],
  [
    '--report at an existing file',
    `${R} replay t.csv --policy always:a --report a-file`,
    2,
    /^routelab: --report a-file: expected a folder to write into, got an existing file/,
  ],
  [
    'knn?k=1e12',
    `${R} replay t.csv --split 0.5 --policy 'knn?k=1e12'`,
    2,
    /^routelab: policy knn: option k expected a whole number from 1 to 100000, got "1e12"\n$/,
  ],
  [
    'a trace that outgrows --max-memory',
    `${R} validate big.csv --max-memory 1`,
    1,
    /^routelab: big\.csv:\d+: the trace outgrew the memory budget of 1 MB \(--max-memory\) after [\d,]+ rows/,
  ],
  ['validate piped into a reader that stops early', `${R} validate t.csv t.csv | true`, 0, /^$/],
  [
    'replay --json - piped into a reader that stops early',
    `${R} replay t.csv --policy always:a --json - | true`,
    0,
    // The table still goes to stderr (stdout carries the JSON); no stack trace after it.
    /^t\.csv: 2 requests replayed/,
  ],
  [
    'a folder as the trace of validate',
    `${R} validate folder`,
    2,
    /^routelab: validate: expected a trace or price table among folder, got only a folder\n$/,
  ],
  [
    'a folder as the results of report',
    `${R} report folder --out rep-out`,
    2,
    /^routelab: folder: expected a results file, got a folder; pass the files in it, e\.g\. folder\/\*\.json\n$/,
  ],
  ...['replay --policy always:a', 'sweep --policy always:a --param x --values 1', 'train --out m'].map(
    (c): [string, string, number, RegExp] => [
      `a folder as the trace of ${c.split(' ')[0]}`,
      `${R} ${c} folder`,
      2,
      /^routelab: folder: expected a trace file, got a folder; pass the files in it, e\.g\. folder\/\*\.csv\n$/,
    ],
  ),
];

describe('the CLI on hostile invocations', () => {
  it.each(CASES)('%s', async (_, line, code, stderr) => {
    const r = await sh(line);
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr).not.toMatch(/\n\s+at |node:internal/);
    expect(r.code).toBe(code);
  });
});
