import { closeSync, openSync, writeSync } from 'node:fs';
import { createRng } from '../src/core/rng.ts';

const MODELS = 10;

/** Writes the 8-column CSV: 10 rows per request, one prompt per request (repeated on its rows, as logs do). */
export function writeEightColumnCsv(path: string, rows: number): void {
  const rng = createRng(11);
  const fd = openSync(path, 'w');
  let buf = 'request_id,model,prompt,quality,input_tokens,output_tokens,cost_usd,latency_ms\n';
  for (let i = 0; i < rows; i++) {
    const r = Math.floor(i / MODELS);
    const m = i % MODELS;
    const prompt = `question ${r % 997} about topic ${r % 31} with some words`;
    const q = rng.next() < 0.5 ? 1 : Math.round(rng.next() * 100) / 100;
    const out = 20 + rng.int(500);
    buf +=
      `req-${r},model-${m},${prompt},${q},${40 + (r % 50)},${out},` +
      `${((m + 1) * out * 1e-6).toFixed(8)},${(100 + rng.next() * 9000).toFixed(3)}\n`;
    // Written in ~1 MB pieces: a 10M-row file never sits in memory as one string.
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}
