import { statSync } from 'node:fs';
import { join } from 'node:path';
import { checkReplaceable } from '../core/atomic-folder.ts';
import { ConfigError } from '../core/errors.ts';
import { REPORT_FILES } from '../report/report-files.ts';

/** The output flags a command may have: files (`--json`, `--csv`; `-` is stdout) and folders. */
export interface OutputFlags {
  readonly json?: string | undefined;
  readonly csv?: string | undefined;
  readonly report?: string | undefined;
  readonly out?: string | undefined;
}

function kindOf(path: string): 'file' | 'folder' | undefined {
  const s = statSync(path, { throwIfNoEntry: false });
  return s === undefined ? undefined : s.isDirectory() ? 'folder' : 'file';
}

/**
 * Refuses, before any work is done, an output path that cannot be written as asked: a folder where a
 * file goes, a file where a folder goes. (Found only at the end, they used to cost the whole run and
 * end in a stack trace.)
 */
export function checkOutputPaths(flags: OutputFlags): void {
  for (const [flag, path, example] of [
    ['--json', flags.json, 'results.json'],
    ['--csv', flags.csv, 'results.csv'],
  ] as const) {
    if (path === undefined || path === '-' || kindOf(path) !== 'folder') continue;
    throw new ConfigError(
      `${flag} ${path}: expected a file to write, got a folder; name a file in it, e.g. ${join(path, example)}`,
    );
  }
  for (const [flag, path] of [
    ['--report', flags.report],
    ['--out', flags.out],
  ] as const) {
    if (path === undefined || kindOf(path) !== 'file') continue;
    throw new ConfigError(
      `${flag} ${path}: expected a folder to write into, got an existing file; choose another path or remove the file`,
    );
  }
  // A report folder is replaced whole: one holding other files is refused before any work is done.
  if (flags.report !== undefined) checkReplaceable(flags.report, REPORT_FILES, '--report');
}
