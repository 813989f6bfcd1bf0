import { LruMap } from './lru-map.ts';
import { Md5Word } from './md5-word.ts';

/** The key of a run's draws: its seed and policy name. */
export function drawKey(seed: number, policy: string): string {
  return `${seed >>> 0}:${policy}`;
}

/** The hash words of one (key, k) over one trace's requests, filled as requests are drawn. */
interface DrawTable {
  readonly words: Uint32Array;
  readonly done: Uint8Array;
}

// Tables by request-id array (freed with its trace) and `key\0k`: a policy replayed again on the same trace
// (the rounds of a bench, a replay and then a report of it) hashes each request once. Bounded, as each table
// holds 5 bytes per request.
const tables = new WeakMap<readonly string[], LruMap<string, DrawTable>>();
const TABLES_PER_TRACE = 4;

/**
 * Uniform draws in [0, 1) that depend only on (key, k, id): `uniform(r, k)` is the k-th draw for request
 * `ids[r]` of a run keyed by `key` (seed and policy name). Unlike a stream, they do not depend on which
 * requests came before, so a request gets the same draw in a whole replay, in any shard of it, and in any order.
 *
 * MD5 because every SQL engine has it: the draw is `int(first 8 hex digits of md5('<key>:<k>:<id>')) / 2^32`,
 * which `routelab sql` writes out so the same replay runs on Spark SQL, Trino or BigQuery. Each (request, k) is
 * hashed once into a reused buffer and remembered, with no allocation per draw.
 */
export class KeyedDraws {
  private readonly md5 = new Md5Word();
  private readonly byK: DrawTable[] = [];
  /** `<key>:<k>:` as UTF-8, per k. */
  private readonly prefix: Uint8Array[] = [];

  constructor(
    private readonly key: string,
    private readonly ids: readonly string[],
  ) {}

  uniform(r: number, k: number): number {
    const t = this.byK[k] ?? this.table(k);
    if (t.done[r] === 0) {
      const md5 = this.md5,
        prefix = this.prefix[k]!;
      md5.reserve(prefix.length);
      md5.bytes.set(prefix);
      t.words[r] = md5.digest(writeUtf8(md5, this.ids[r]!, prefix.length));
      t.done[r] = 1;
    }
    return t.words[r]! / 4294967296;
  }

  private table(k: number): DrawTable {
    let byKey = tables.get(this.ids);
    if (!byKey) tables.set(this.ids, (byKey = new LruMap(TABLES_PER_TRACE)));
    const name = `${this.key}\u0000${k}`;
    let t = byKey.get(name);
    if (!t) {
      const n = this.ids.length;
      byKey.set(name, (t = { words: new Uint32Array(n), done: new Uint8Array(n) }));
    }
    this.byK[k] = t;
    this.prefix[k] = encoder.encode(`${this.key}:${k}:`);
    return t;
  }
}

/** Writes `s` as UTF-8 at `at` in the hasher's buffer; returns the end offset. */
function writeUtf8(md5: Md5Word, s: string, at: number): number {
  md5.reserve(at + 3 * s.length, at);
  const bytes = md5.bytes;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // ASCII (every id and key routelab has seen so far) byte by byte; anything else through the encoder.
    if (c >= 0x80) return at + i + encoder.encodeInto(s.slice(i), bytes.subarray(at + i)).written;
    bytes[at + i] = c;
  }
  return at + n;
}

const encoder = new TextEncoder();
