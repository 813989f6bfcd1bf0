/**
 * The notebooks run in CI: each is executed headless through scripts/notebooks.ts (tslab kernel, Debian
 * jupyter-nbconvert), must finish without a cell error, and must print what its markdown promises. The committed
 * copies carry their outputs (written by `npm run notebooks`), so they show their results when browsed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INSTALL_HINT,
  NOTEBOOKS,
  clearedNotebook,
  committedNotebook,
  executeNotebook,
  findNbconvert,
} from '../scripts/notebooks.ts';

const root = new URL('..', import.meta.url).pathname;
const haveNbconvert = findNbconvert() !== undefined;
const inCi = process.env.CI === 'true';
/** One notebook on a busy 2-core machine takes about a minute; the default 120 s is too tight for the slowest. */
const NOTEBOOK_TIMEOUT_MS = 600_000;

interface Output {
  readonly output_type: string;
  readonly name?: string;
  readonly text?: string | string[];
  readonly data?: Record<string, string | string[]>;
}
interface Cell {
  readonly cell_type: string;
  readonly id?: string;
  readonly execution_count?: number | null;
  readonly outputs?: readonly Output[];
}

const joined = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join('') : (s ?? ''));
const readCells = async (path: string): Promise<Cell[]> =>
  (JSON.parse(await readFile(path, 'utf8')) as { cells: Cell[] }).cells;

/** Everything the executed notebook shows: printed text, markdown tables, HTML (the SVG charts). */
function shownText(cells: readonly Cell[]): string {
  return cells
    .flatMap((c) => c.outputs ?? [])
    .map(
      (o) =>
        joined(o.text) +
        Object.values(o.data ?? {})
          .map(joined)
          .join('\n'),
    )
    .join('\n');
}

describe('the committed notebooks', () => {
  it.each(NOTEBOOKS)(
    '%s.ipynb is committed executed (`npm run notebooks`): outputs shown, none an error, unique cell ids',
    async (name) => {
      const json = await readFile(join(root, 'notebooks', `${name}.ipynb`), 'utf8');
      // Written by `npm run notebooks`: no run timings, no paths of the machine that ran it.
      expect(json).toBe(committedNotebook(json, join(root, 'out', 'notebooks')));
      expect(json).not.toContain(root.replace(/\/$/, ''));
      const cells = (JSON.parse(json) as { cells: Cell[] }).cells;
      const code = cells.filter((c) => c.cell_type === 'code');
      expect(code.length).toBeGreaterThan(3);
      // tslab leaves execution counts empty, so "was run" is read from the outputs: most code cells show one.
      expect(code.filter((c) => (c.outputs ?? []).length > 0).length).toBeGreaterThan(code.length / 2);
      const outputs = code.flatMap((c) => c.outputs ?? []);
      expect(outputs.filter((o) => o.output_type === 'error' || o.name === 'stderr')).toEqual([]);
      const ids = cells.map((c) => c.id);
      expect(ids.every((id) => typeof id === 'string' && /^[a-z0-9-]+$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );

  it('clearing drops outputs, execution counts and run timings, and keeps sources and ids', () => {
    const executed = JSON.stringify({
      cells: [
        {
          cell_type: 'code',
          execution_count: 3,
          id: 'a',
          metadata: { execution: { 'iopub.status.busy': 't' }, tags: ['x'] },
          outputs: [{ name: 'stdout', output_type: 'stream', text: ['1\n'] }],
          source: ['1'],
        },
      ],
      metadata: { language_info: { name: 'typescript', version: '3.7.2' } },
      nbformat: 4,
      nbformat_minor: 5,
    });
    expect(JSON.parse(clearedNotebook(executed))).toEqual({
      cells: [
        { cell_type: 'code', execution_count: null, id: 'a', metadata: { tags: ['x'] }, outputs: [], source: ['1'] },
      ],
      metadata: { language_info: { name: 'typescript' } },
      nbformat: 4,
      nbformat_minor: 5,
    });
  });
});

if (!haveNbconvert && !inCi) console.warn(`notebook tests skipped: jupyter-nbconvert not found; ${INSTALL_HINT}`);

describe.skipIf(!haveNbconvert && !inCi)('the notebooks, executed headless', () => {
  let out = '';
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'routelab-notebooks-'));
  });
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  const run = async (name: string): Promise<string> => {
    if (!haveNbconvert)
      throw new Error(`CI=true requires the notebooks to run: jupyter-nbconvert not found; ${INSTALL_HINT}`);
    const { output } = await executeNotebook(name, out);
    return shownText(await readCells(output));
  };

  it(
    'replay-and-compare runs and shows the comparison table, the per-task pivot and the cost–quality chart',
    async () => {
      const shown = await run('replay-and-compare');
      expect(shown).toContain('1550 requests × 4 models, 3 tasks');
      expect(shown).toContain('train 775 requests, test 775 requests');
      expect(shown).toMatch(/Pareto frontier: \S+/);
      // Quality % with one decimal, then a CI, in the markdown rows of the comparison table.
      expect(shown).toMatch(/\|best-prior\|policy[^|]*\|\d+\.\d\|\d+(\.\d)?–\d+(\.\d)?\|/);
      expect(shown).toMatch(/\|oracle\|reference\|\d+\.\d\|/);
      expect(shown).toMatch(/\|policy\|counthappynumber\|leetcode_easy\|prime\|/);
      expect(shown).toContain('<svg');
    },
    NOTEBOOK_TIMEOUT_MS,
  );

  it(
    'train-learned-router trains on the wasm backend and shows metrics, bins, the replay and the λ sweep',
    async () => {
      const shown = await run('train-learned-router');
      // cpu would mean the WebAssembly backend failed to load inside the kernel.
      expect(shown).toMatch(/backend (wasm|tensorflow); requests train\/calibration\/test 465\/155\/155/);
      expect(shown).toMatch(/\|gpt-4-0314\|0\.\d+\|0\.\d+\|/);
      expect(shown).toMatch(/\|learned:<dir>\|\d+\.\d\|/);
      expect(shown).toMatch(/learned:<dir>: AIQ 0\.\d+, APGR -?\d/);
      expect(shown).toContain('<svg');
    },
    NOTEBOOK_TIMEOUT_MS,
  );

  it(
    'write-your-own-policy replays inline and file policies, sweeps one, and a throwing policy fails only its own run',
    async () => {
      const shown = await run('write-your-own-policy');
      expect(shown).toContain('loaded "long-to-strong?tokens=70"');
      expect(shown).toMatch(/\|many-numbers\?min=4\|\d+\.\d\|/);
      expect(shown).toMatch(/\|epsilon-greedy\?epsilon=0\.1&lambda=20\|\d+\.\d\|/);
      expect(shown).toContain('flaky: FAILED — policy flaky, request');
      expect(shown).toContain('typo: FAILED — policy typo, request');
      expect(shown).toMatch(/long-to-strong\?tokens=70: ok, quality \d+\.\d%/);
      expect(shown).toMatch(/\|tokens\|quality %\|/);
      expect(shown).toMatch(/APGR \d\.\d{3} \(mistralai\/Mixtral-8x7B-Instruct-v0\.1 → gpt-4-1106-preview\)/);
    },
    NOTEBOOK_TIMEOUT_MS,
  );
});
