import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResultsFile, readReportInputs } from '../../../src/report/inputs/read-inputs.ts';
import { TraceFormatError } from '../../../src/core/errors.ts';
import { fixturePath } from '../fixtures.ts';

describe('readReportInputs', () => {
  it('sorts replay, sweep and calibration files by their shape', async () => {
    const inputs = await readReportInputs(
      ['llmdrift-sweep-learned', 'llmdrift-replay', 'llmdrift-calibration', 'llmdrift-sweep-knn'].map(fixturePath),
    );
    expect(inputs.results?.map((r) => r.trace.path)).toEqual(['datasets/llmdrift.csv.gz']);
    expect(inputs.sweeps?.map((s) => s.policy)).toEqual(['learned:models/drift', 'knn?k=20']);
    expect(Object.keys(inputs.calibration!.calibration)).toHaveLength(4);
  });

  it('names a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-read-'));
    await expect(readReportInputs([join(dir, 'nope.json')])).rejects.toThrow(
      `${join(dir, 'nope.json')}: expected a readable results file, got ENOENT`,
    );
  });

  it('reads a file written to disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-read-'));
    const file = join(dir, 'cal.json');
    await writeFile(file, '{"calibration": {"m": []}}');
    expect((await readReportInputs([file])).calibration).toEqual({ calibration: { m: [] } });
  });
});

describe('parseResultsFile', () => {
  it.each([
    ['{\n  "runs": [1,\n  }', "r.json:3:3: expected valid JSON, got a syntax error (Unexpected token '}')"],
    ['{"a": 1,}', 'r.json:1:9: expected valid JSON, got a syntax error (Expected double-quoted property name)'],
    ['{"a":\n', 'r.json:2:1: expected valid JSON, got a syntax error (Unexpected end of JSON input)'],
    [
      '[1, 2]',
      'r.json: expected replay results (routelab replay --json), sweep results (routelab sweep --json), ' +
        'simulation results (routelab simulate --json) or a calibration file ({"calibration": {...}}), ' +
        'got JSON with none of their fields',
    ],
    [
      '{"runs": [{"policy": 3}], "references": {}, ' +
        '"trace": {"path": "t", "requests": 1, "models": [], "warnings": []}}',
      'r.json (runs.0.policy): expected replay results, but invalid input: expected string, received number',
    ],
    [
      '{"policy": "p", "param": "t", "points": [], "apgr": "high", "cpt": {"50": null, "80": null, "95": null}}',
      'r.json (apgr): expected sweep results, but invalid input: expected number, received string',
    ],
    [
      '{"calibration": {"m": [{"binLow": 0}]}}',
      'r.json (calibration.m.0.binHigh): expected calibration results, ' +
        'but invalid input: expected number, received undefined',
    ],
  ])('refuses %j with a located message', (text, message) => {
    let caught: unknown;
    try {
      parseResultsFile('r.json', text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TraceFormatError);
    expect((caught as Error).message).toBe(message);
  });
});
