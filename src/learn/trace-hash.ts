/**
 * SHA-256 of the columns a router is trained on (ids, models, tasks, prompts, quality, cost, tokens),
 * fed in a fixed order with lengths, so the same data read from CSV or Parquet hashes the same.
 */
import { createHash } from 'node:crypto';
import type { Trace } from '../traces/trace.ts';

export function traceSha256(trace: Trace): string {
  const h = createHash('sha256');
  const strings = (xs: readonly (string | undefined)[]): void => {
    h.update(`${xs.length}\n`);
    for (const s of xs) h.update(s === undefined ? '\u0000\n' : `${s.length}:${s}\n`);
  };
  const bytes = (a: ArrayBufferView): void => {
    h.update(`${a.byteLength}\n`);
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  };
  strings(trace.requestIds);
  strings(trace.modelNames);
  strings(trace.taskNames);
  strings(trace.prompts);
  bytes(trace.requestTask);
  bytes(trace.rowRequest);
  bytes(trace.rowModel);
  bytes(trace.quality);
  bytes(trace.costUsd);
  bytes(trace.inputTokens);
  bytes(trace.outputTokens);
  return h.digest('hex');
}
