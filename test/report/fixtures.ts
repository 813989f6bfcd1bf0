/** Loads the results fixtures (golden files of scripts/goldens.ts), and a hostile copy with XSS payloads. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReplayResults, SweepResults } from '../../src/metrics/types.ts';
import type { CalibrationResults, ReportInputs } from '../../src/report/inputs/types.ts';

export const fixturePath = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/results/${name}.json`, import.meta.url));

function load<T>(name: string): T {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;
}

export const replay = (): ReplayResults => load('llmdrift-replay');
export const sweeps = (): SweepResults[] => [load('llmdrift-sweep-learned'), load('llmdrift-sweep-knn')];
export const calibration = (): CalibrationResults => load('llmdrift-calibration');
export const allInputs = (): ReportInputs => ({ results: [replay()], sweeps: sweeps(), calibration: calibration() });

export const SCRIPT_XSS = '<script>alert(1)</script>';
export const IMG_XSS = '<img src=x onerror=alert(1)>';

/** The replay with a policy, a model, a slice and a warning named after XSS payloads. */
export function hostileInputs(): ReportInputs {
  const text = JSON.stringify(replay())
    .replaceAll('"random"', JSON.stringify(SCRIPT_XSS))
    .replaceAll('gpt-4-0613', IMG_XSS.replaceAll('"', '\\"'))
    .replaceAll('"leetcode_easy"', JSON.stringify(`${SCRIPT_XSS} & ${IMG_XSS}`));
  const r = JSON.parse(text) as ReplayResults;
  // The bundled trace reads without warnings: add one whose code and message carry the payloads.
  const warnings = [{ code: `tag ${SCRIPT_XSS}`, message: `kept ${IMG_XSS} as text`, count: 2 }];
  return { results: [{ ...r, trace: { ...r.trace, warnings } }], sweeps: sweeps(), calibration: calibration() };
}
