/**
 * Keyed draws (core/keyed-draw.ts): draws per second of the MD5 definition through node:crypto (one Hash, Buffer
 * and hex string per draw, as the replay drew before), through the allocation-free Md5Word (a run's first
 * replay), and from the remembered table (the same policy replayed again on the trace) — and what it means for
 * `random` and `weighted` replayed through decide().
 *
 *   npx tsx bench/keyed-draw.ts [requests]        (default 1,000,000 requests × 4 models)
 *
 * CPU seconds of this process, best of 3 (the machine is shared); figures are printed, never asserted.
 */
import { createHash } from 'node:crypto';
import { KeyedDraws, drawKey } from '../src/core/keyed-draw.ts';
import { resolvePolicy } from '../src/policy/resolve-policy.ts';
import { replay } from '../src/replay/replay.ts';
import { TraceBuilder, emptyRow } from '../src/traces/builder.ts';
import { builtinRegistry } from '../policies/index.ts';

const R = Number(process.argv[2] ?? 1_000_000);
const ids = Array.from({ length: R }, (_, r) => `req-${r}`);

function cpuSeconds(f: () => unknown): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / 1e6);
  }
  return best;
}
const rate = (n: number, s: number): string => `${(n / s / 1e6).toFixed(2).padStart(7)} M/s`;

const key = drawKey(1, 'weighted:a=0.7,b=0.3');
let sink = 0;
const tCrypto = cpuSeconds(() => {
  for (let r = 0; r < R; r++)
    sink += Number.parseInt(createHash('md5').update(`${key}:0:${ids[r]}`, 'utf8').digest('hex').slice(0, 8), 16);
});
let fresh = 0;
// A new key each time, so no table is found: every draw hashes.
const tFresh = cpuSeconds(() => {
  const d = new KeyedDraws(drawKey(++fresh, 'random'), ids);
  for (let r = 0; r < R; r++) sink += d.uniform(r, 0);
});
const warm = new KeyedDraws(key, ids);
for (let r = 0; r < R; r++) sink += warm.uniform(r, 0);
const tTable = cpuSeconds(() => {
  const d = new KeyedDraws(key, ids);
  for (let r = 0; r < R; r++) sink += d.uniform(r, 0);
});
console.log(`keyed draws over ${R.toLocaleString()} request ids (CPU time, best of 3; machine shared)`);
console.log(`  node:crypto md5 per draw (before)   ${rate(R, tCrypto)}`);
console.log(`  Md5Word, first replay (after)       ${rate(R, tFresh)}   ${(tCrypto / tFresh).toFixed(1)}× faster`);
console.log(`  remembered table, replayed again    ${rate(R, tTable)}`);

// random and weighted through decide() on a 4-model full-information trace.
const b = new TraceBuilder();
const src = b.addSource('generated');
const row = emptyRow();
for (let r = 0; r < R; r++) {
  row.requestId = ids[r]!;
  for (let m = 0; m < 4; m++) {
    row.model = `m${m}`;
    row.quality = (r * 7 + m) % 3 === 0 ? 1 : 0;
    row.costUsd = 0.001 * (m + 1);
    row.latencyMs = 100 * (m + 1);
    b.add(row, src, r * 4 + m + 2);
  }
}
const trace = b.finish();
for (const spec of ['random', 'weighted:m0=0.7,m3=0.3']) {
  const policy = await resolvePolicy(spec, builtinRegistry());
  // Each replay of the same policy finds the table of the one before; a fresh seed per round hashes afresh.
  let seed = 100;
  const times = { first: Infinity, again: Infinity };
  for (let k = 0; k < 3; k++) {
    seed++;
    for (const which of ['first', 'again'] as const) {
      const t = process.cpuUsage();
      await replay(trace, [policy], { seed });
      const d = process.cpuUsage(t);
      times[which] = Math.min(times[which], (d.user + d.system) / 1e6);
    }
  }
  console.log(
    `replay ${spec.padEnd(24)} first run ${rate(R, times.first)} decisions, same policy again ` +
      `${rate(R, times.again)} decisions`,
  );
}
// The draws' sum, printed so no measured loop is work the compiler may drop.
console.log(`(draw checksum ${sink.toFixed(3)})`);
