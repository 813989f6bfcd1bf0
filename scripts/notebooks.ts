/**
 * Runs the notebooks headless, as CI does.
 *
 *   npm run notebooks:kernel            writes the tslab kernel spec to .jupyter/kernels/tslab (git-ignored)
 *   npm run notebooks [name…] [--out d] writes it too, then executes each notebook with Debian's
 *                                       jupyter-nbconvert into d (default out/notebooks/), stopping at the first
 *                                       cell error (nbconvert exits non-zero on one), and writes the executed
 *                                       notebook back to notebooks/ (outputs kept, run timings dropped) so the
 *                                       committed copies show their results when browsed
 *   npm run notebooks -- --clear        strips outputs, execution counts and timings from notebooks/*.ipynb
 *                                       (to diff sources only; commit them executed)
 *
 * The spec is written by hand because `tslab install` needs IPython. The kernel gets ROUTELAB_NOTEBOOKS_OUT,
 * which notebooks/routelab.cjs exposes as `out`, so the files a notebook writes land beside its executed copy.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const NOTEBOOKS = ['replay-and-compare', 'train-learned-router', 'write-your-own-policy'] as const;
export const DEFAULT_OUT = join(root, 'out', 'notebooks');
export const INSTALL_HINT =
  'install it with `sudo apt-get install jupyter-nbconvert python3-ipykernel` (Debian/Ubuntu) or `pip install ' +
  'nbconvert ipykernel`';
/** Seconds one cell may run before nbconvert gives up on it. */
const CELL_TIMEOUT_S = 600;

/** Absolute path of `jupyter-nbconvert` on PATH, undefined when it is not installed. */
export function findNbconvert(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'jupyter-nbconvert');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Writes the kernel spec (this node, this checkout's tslab) and returns the folder to put on JUPYTER_PATH. */
export function writeKernelSpec(): string {
  const jupyterPath = join(root, '.jupyter');
  const dir = join(jupyterPath, 'kernels', 'tslab');
  mkdirSync(dir, { recursive: true });
  const spec = {
    argv: [
      process.execPath,
      join(root, 'node_modules', 'tslab', 'bin', 'tslab'),
      'kernel',
      '--config-path',
      '{connection_file}',
    ],
    display_name: 'TypeScript (routelab)',
    language: 'typescript',
  };
  writeFileSync(join(dir, 'kernel.json'), `${JSON.stringify(spec, null, 2)}\n`);
  return jupyterPath;
}

/** JSON with every object's keys sorted and a one-space indent: the bytes Jupyter (nbformat) writes. */
function jupyterJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  };
  return `${JSON.stringify(sorted(value), null, 1)}\n`;
}

/** The notebook without outputs, execution counts, run timings or the kernel's version, so diffs show only edits. */
export function clearedNotebook(json: string): string {
  const nb = JSON.parse(json) as {
    cells: Record<string, unknown>[];
    metadata: { language_info?: Record<string, unknown> };
  };
  for (const cell of nb.cells) {
    if (cell.cell_type === 'code') {
      cell.outputs = [];
      cell.execution_count = null;
    }
    const { execution: _timings, ...metadata } = (cell.metadata ?? {}) as Record<string, unknown>;
    cell.metadata = metadata;
  }
  if (nb.metadata.language_info) delete nb.metadata.language_info.version;
  return jupyterJson(nb);
}

/**
 * The executed notebook as committed: outputs and execution counts kept, run timings and the kernel's version
 * dropped, and the run's output folder and the checkout written as `<out>` and `<repo>` — so a rerun on another
 * machine changes only what the notebook computes.
 */
export function committedNotebook(json: string, outDir: string): string {
  const portable = json.split(resolve(outDir)).join('<out>').split(resolve(root)).join('<repo>');
  const nb = JSON.parse(portable) as {
    cells: Record<string, unknown>[];
    metadata: { language_info?: Record<string, unknown> };
  };
  for (const cell of nb.cells) {
    const { execution: _timings, ...metadata } = (cell.metadata ?? {}) as Record<string, unknown>;
    cell.metadata = metadata;
  }
  if (nb.metadata.language_info) delete nb.metadata.language_info.version;
  return jupyterJson(nb);
}

interface Cell {
  readonly cell_type: string;
  readonly id?: string;
  readonly source: string | string[];
  readonly outputs?: { readonly output_type: string; readonly name?: string; readonly text?: string | string[] }[];
}

const text = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join('') : (s ?? ''));

/** The first code cell of an executed notebook that wrote to stderr: its id, source and what it printed. */
export function describeFailure(executed: string): string | undefined {
  if (!existsSync(executed)) return undefined;
  const cells = (JSON.parse(readFileSync(executed, 'utf8')) as { cells: Cell[] }).cells;
  const index = cells.findIndex((c) => c.outputs?.some((o) => o.output_type === 'error' || o.name === 'stderr'));
  const cell = cells[index];
  if (cell === undefined) return undefined;
  const printed = (cell.outputs ?? [])
    .filter((o) => o.output_type === 'error' || o.name === 'stderr')
    .map((o) => text(o.text))
    .join('');
  return (
    `cell ${index + 1} (id ${cell.id ?? '?'}):\n${text(cell.source)}\n---\n${printed.trim()}\n(executed ` +
    `copy with every output: ${executed})`
  );
}

export interface NotebookRun {
  readonly name: string;
  /** The executed copy, with its outputs. */
  readonly output: string;
  readonly seconds: number;
}

/** Executes notebooks/<name>.ipynb into `outDir`; rejects with nbconvert's report of the failing cell. */
export async function executeNotebook(name: string, outDir: string = DEFAULT_OUT): Promise<NotebookRun> {
  const nbconvert = findNbconvert();
  if (!nbconvert) throw new Error(`notebooks: jupyter-nbconvert not found on PATH; ${INSTALL_HINT}`);
  const input = join(root, 'notebooks', `${name}.ipynb`);
  if (!existsSync(input)) throw new Error(`notebooks: ${input} not found; expected one of ${NOTEBOOKS.join(', ')}`);
  const jupyterPath = writeKernelSpec();
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  const output = join(out, `${name}.ipynb`);
  // A copy left by an earlier run must not be mistaken for this run's when describing a failure.
  rmSync(output, { force: true });
  const env = {
    ...process.env,
    JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
    ROUTELAB_NOTEBOOKS_OUT: out,
  };
  const args = (extra: readonly string[]) => [
    '--to',
    'notebook',
    '--execute',
    '--ExecutePreprocessor.kernel_name=tslab',
    `--ExecutePreprocessor.timeout=${CELL_TIMEOUT_S}`,
    ...extra,
    input,
    '--output-dir',
    out,
    '--output',
    name,
  ];
  const run = (extra: readonly string[]) =>
    new Promise<string | undefined>((done) => {
      execFile(nbconvert, args(extra), { env, maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) =>
        done(err ? `${err.message.split('\n')[0]}\n${stderr}` : undefined),
      );
    });
  const started = performance.now();
  const failure = await run([]);
  const seconds = (performance.now() - started) / 1000;
  if (failure !== undefined) {
    // tslab reports a failing cell only on the cell's stderr, which nbconvert does not keep when it stops: run again
    // letting errors through, so the executed copy exists and the message can quote what the cell printed.
    await run(['--allow-errors']);
    throw new Error(
      `notebooks: ${name}.ipynb failed after ${seconds.toFixed(1)} s\n` +
        (describeFailure(output) ?? failure.slice(-4000)),
    );
  }
  return { name, output, seconds };
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'kernel') {
    const jupyterPath = writeKernelSpec();
    process.stdout.write(
      `kernel spec written to ${join(jupyterPath, 'kernels', 'tslab', 'kernel.json')}\n` +
        `open the notebooks with: JUPYTER_PATH=${jupyterPath} jupyter lab notebooks/  (or jupyter notebook, or ` +
        `VS Code)\n`,
    );
    return;
  }
  if (argv[0] === '--clear') {
    for (const name of NOTEBOOKS) {
      const path = join(root, 'notebooks', `${name}.ipynb`);
      const before = readFileSync(path, 'utf8');
      const after = clearedNotebook(before);
      if (after !== before) writeFileSync(path, after);
      process.stdout.write(`${after === before ? 'clean  ' : 'cleared'} ${path}\n`);
    }
    return;
  }
  const names = [...argv];
  let outDir = DEFAULT_OUT;
  const outAt = names.indexOf('--out');
  if (outAt >= 0) {
    const dir = names[outAt + 1];
    if (dir === undefined) throw new Error('notebooks: --out needs a folder');
    outDir = dir;
    names.splice(outAt, 2);
  }
  const chosen =
    names.length > 0 ? names.map((n) => n.replace(/^notebooks\//, '').replace(/\.ipynb$/, '')) : [...NOTEBOOKS];
  if (!findNbconvert()) throw new Error(`notebooks: jupyter-nbconvert not found on PATH; ${INSTALL_HINT}`);
  for (const name of chosen) {
    process.stdout.write(`${name}.ipynb … `);
    const run = await executeNotebook(name, outDir);
    const committed = join(root, 'notebooks', `${name}.ipynb`);
    writeFileSync(committed, committedNotebook(readFileSync(run.output, 'utf8'), outDir));
    process.stdout.write(`ok in ${run.seconds.toFixed(1)} s → ${run.output}, outputs written to ${committed}\n`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`\n${err.message}\n`);
    process.exitCode = 1;
  });
}
