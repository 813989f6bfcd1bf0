import { readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from './errors.ts';

/**
 * Refuses to replace `dir` when it holds anything `owned` does not match: a folder is swapped whole, so
 * a user's own files in it would go with it.
 */
export function checkReplaceable(dir: string, owned: RegExp, flag: string): void {
  const s = statSync(dir, { throwIfNoEntry: false });
  if (!s) return;
  if (!s.isDirectory()) {
    throw new ConfigError(`${flag} ${dir}: expected a folder to write into, got an existing file; choose another path`);
  }
  const foreign = readdirSync(dir).filter((name) => !owned.test(name));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : '');
    throw new ConfigError(
      `${flag} ${dir}: expected an empty folder or an earlier output of this kind, got other files (${shown}); ` +
        `it is replaced as a whole, so give it a folder of its own, e.g. ${join(dir, 'report')}`,
    );
  }
}

/** A folder being written under a temp name beside its final place; `commit` swaps it in, `discard` drops it. */
export interface StagedFolder {
  readonly tmp: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Stages `dir`: files go to a temp sibling, and `commit` puts the folder in place with renames, so a run
 * killed while writing leaves the previous folder whole (and a stray temp folder), never a mix of new and
 * old files. Call checkReplaceable first when `dir` may exist.
 */
export async function stageFolder(dir: string): Promise<StagedFolder> {
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(join(parent, `.${basename(dir)}.tmp-`));
  return {
    tmp,
    async commit() {
      const old = `${tmp}-old`;
      const exists = statSync(dir, { throwIfNoEntry: false }) !== undefined;
      if (exists) await rename(dir, old);
      await rename(tmp, dir);
      if (exists) await rm(old, { recursive: true, force: true });
    },
    async discard() {
      await rm(tmp, { recursive: true, force: true });
    },
  };
}
