import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { TraceFormatError } from '../core/errors.ts';

/**
 * The bundled recorded arrival patterns: `datasets/arrivals/<name>-2023.csv.gz`, one `offset_ms` per
 * request from the pattern's first arrival, ascending (the Azure LLM inference trace, see datasets/README).
 */
export function readArrivalPattern(name: string): Float64Array {
  const file = fileURLToPath(new URL(`../../datasets/arrivals/${name}-2023.csv.gz`, import.meta.url));
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
  const out = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const v = Number(lines[i]);
    if (!(v >= (i > 1 ? out[i - 2]! : 0)))
      throw new TraceFormatError(
        { file, line: i + 1, column: 'offset_ms' },
        `expected ascending ms ≥ 0, got "${lines[i]}"`,
      );
    out[i - 1] = v;
  }
  return out;
}
