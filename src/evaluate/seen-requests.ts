/**
 * Which requests a router was trained on, by hashed request id and hashed prompt, so a replay can say how much
 * of its traffic the router has already seen (scores on seen requests are inflated). Only hashes are kept: a
 * model directory must not carry the training prompts.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toJson, writeFileAtomic } from '../core/atomic-write.ts';
import type { Trace } from '../traces/trace.ts';

/** File name inside a model directory. */
export const SEEN_REQUESTS_FILE = 'seen-requests.json';

export interface SeenRequests {
  /** 64-bit hex prefixes of SHA-256, sorted: of the request ids, and of the non-empty prompts. */
  readonly ids: readonly string[];
  readonly prompts: readonly string[];
}

export interface Overlap {
  /** Requests of the replayed trace. */
  readonly requests: number;
  readonly byId: number;
  readonly byPrompt: number;
  /** Requests seen by id or by prompt. */
  readonly either: number;
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

/** The hashed ids and prompts of `requests` (default: all) of `trace`. */
export function seenRequestsOf(trace: Trace, requests?: ArrayLike<number>): SeenRequests {
  const ids = new Set<string>();
  const prompts = new Set<string>();
  const n = requests?.length ?? trace.requestCount;
  for (let i = 0; i < n; i++) {
    const r = requests ? requests[i]! : i;
    ids.add(hash(trace.requestIds[r]!));
    const p = trace.prompts[r];
    if (p !== undefined && p !== '') prompts.add(hash(p));
  }
  return { ids: [...ids].sort(), prompts: [...prompts].sort() };
}

/** How many requests of `trace` were seen, by id, by prompt, and by either. */
export function overlapWith(trace: Trace, seen: SeenRequests): Overlap {
  const ids = new Set(seen.ids);
  const prompts = new Set(seen.prompts);
  let byId = 0,
    byPrompt = 0,
    either = 0;
  for (let r = 0; r < trace.requestCount; r++) {
    const id = ids.has(hash(trace.requestIds[r]!));
    const p = trace.prompts[r];
    const prompt = p !== undefined && p !== '' && prompts.has(hash(p));
    if (id) byId++;
    if (prompt) byPrompt++;
    if (id || prompt) either++;
  }
  return { requests: trace.requestCount, byId, byPrompt, either };
}

export async function writeSeenRequests(dir: string, seen: SeenRequests): Promise<void> {
  await writeFileAtomic(join(dir, SEEN_REQUESTS_FILE), toJson(seen));
}

/** The model directory's seen requests; undefined when it has none (trained before the file existed) or unreadable. */
export async function readSeenRequests(dir: string): Promise<SeenRequests | undefined> {
  try {
    const json = JSON.parse(await readFile(join(dir, SEEN_REQUESTS_FILE), 'utf8')) as Partial<SeenRequests>;
    return Array.isArray(json.ids) && Array.isArray(json.prompts) ? (json as SeenRequests) : undefined;
  } catch {
    return undefined;
  }
}
