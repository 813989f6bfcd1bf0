/**
 * The result fixtures the report tests read are golden files: what routelab computes on the bundled LLMDrift
 * trace (scripts/goldens.ts). If this fails after an intended change, run `npm run goldens` and review the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../src/core/atomic-write.ts';
import { RESULTS_DIR, resultGoldens } from '../../scripts/goldens.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const NAMES = [
  'llmdrift-replay.json',
  'llmdrift-sweep-learned.json',
  'llmdrift-sweep-knn.json',
  'llmdrift-calibration.json',
];

describe('result golden files', () => {
  let computed: Map<string, unknown>;
  beforeAll(async () => {
    computed = await resultGoldens();
  });

  it('are exactly the files the script writes, no more', () => {
    expect([...computed.keys()]).toEqual(NAMES);
  });

  it.each(NAMES)('%s matches what the pipeline computes today', (name) => {
    expect(toJson(computed.get(name))).toBe(readFileSync(join(root, RESULTS_DIR, name), 'utf8'));
  });
});
