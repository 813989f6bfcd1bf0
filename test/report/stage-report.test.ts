import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { stageReport, writeReport } from '../../src/report/write-report.ts';
import { allInputs, replay } from './fixtures.ts';

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(join(dir, name), 'utf8');
  return out;
}

describe('the report folder as a whole', () => {
  it('leaves the old report untouched until commit, then swaps the new one in with no temp folder left', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'routelab-stage-'));
    const dir = join(parent, 'rep');
    await writeReport(allInputs(), dir);
    const before = await snapshot(dir);
    const staged = await stageReport({ results: [replay()] }, dir);
    // Everything is rendered, nothing of it is in the folder yet: a run killed now leaves the old report whole.
    expect(await snapshot(dir)).toEqual(before);
    const written = await staged.commit();
    const after = await snapshot(dir);
    expect(Object.keys(after).sort()).toEqual(written.files.map((f) => f.slice(dir.length + 1)).sort());
    expect(after['report.html']).not.toBe(before['report.html']);
    // Charts of the old report that the new one lacks are gone with it (no mix of old and new files).
    expect(Object.keys(after).length).toBeLessThan(Object.keys(before).length);
    expect(await readdir(parent)).toEqual(['rep']);
  });

  it('refuses a folder that holds other files, and leaves it as it was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-stage-mine-'));
    await writeFile(join(dir, 'results.json'), '{}');
    await mkdir(join(dir, 'models'));
    await expect(stageReport(allInputs(), dir)).rejects.toThrow(ConfigError);
    await expect(stageReport(allInputs(), dir)).rejects.toThrow(/got other files \(models, results\.json\)/);
    expect((await readdir(dir)).sort()).toEqual(['models', 'results.json']);
  });

  it('discards a staged report without touching the folder', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'routelab-stage-drop-'));
    const staged = await stageReport(allInputs(), join(parent, 'rep'));
    await staged.discard();
    expect(await readdir(parent)).toEqual([]);
  });
});
