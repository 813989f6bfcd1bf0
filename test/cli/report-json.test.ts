import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('routelab report --json', () => {
  it('writes what it wrote as JSON on stdout, the human line going to stderr', async () => {
    const out = await mkdtemp(join(tmpdir(), 'routelab-report-json-'));
    dirs.push(out);
    const input = 'test/fixtures/results/llmdrift-replay.json';
    const args = [join(root, 'bin/routelab.js'), 'report', input, '--out', out, '--json', '-'];
    const { stdout, stderr } = await run(process.execPath, args, { cwd: root });
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ inputs: [input], out, html: join(out, 'report.html') });
    expect(json.files).toEqual(expect.arrayContaining([join(out, 'report.html'), join(out, 'report.md')]));
    expect(stderr).toContain(join(out, 'report.html'));
  }, 120_000);
});
