import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

/** The public raw data beside the repository (../shared/datasets-raw), or where ROUTELAB_DATASETS_RAW points. */
export const RAW = process.env.ROUTELAB_DATASETS_RAW ?? join(root, '../shared/datasets-raw');

const haveRaw = existsSync(join(RAW, 'SOURCES.md'));

/**
 * A suite that reads the raw data: skipped visibly (its name says why) where the data is missing, and failing
 * under CI=true, where the data is always laid beside the clone — so CI can never pass by skipping it.
 */
export function describeWithRawData(name: string, suite: () => void): void {
  if (haveRaw) describe(name, suite);
  else if (process.env.CI === 'true')
    describe(name, () => {
      throw new Error(`${RAW}: expected the raw datasets beside the clone under CI=true, got nothing there`);
    });
  else describe.skip(`${name} (skipped: no raw data at ${RAW}; set ROUTELAB_DATASETS_RAW)`, suite);
}
