import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { TraceFormatError } from '../core/errors.ts';
import { jsonErrorPosition } from '../traces/json-error-position.ts';
import { parseTimestamp } from '../traces/parse-values.ts';
import type { Deployment, Provider } from './deployment.ts';
import { type DeploymentInput, deploymentSchema } from './deployment-schema.ts';

/** `providers[2].rpm` from a zod path. */
function jsonPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : `${s === '' ? '' : '.'}${String(k)}`;
  return s === '' ? '(top level)' : s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function problemOf(root: unknown, issue: z.core.$ZodIssue): { path: string; detail: string } {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return { path: jsonPath(issue.path), detail: `unknown key ${keys}; remove it or check its spelling` };
  }
  const got = valueAt(root, issue.path);
  const shown = got === undefined ? 'nothing' : JSON.stringify(got);
  // zod's "Too small: expected number to be >=1" → "expected number to be >=1"; our own ", got …" follows.
  const detail = issue.message
    .replace(/^(Invalid input|Too small|Too big|Invalid option): /, '')
    .replace(/, received .*$/, '');
  return { path: jsonPath(issue.path), detail: `${detail}, got ${shown}` };
}

/** Epoch ms of an outage bound: a number as is, or ISO-8601 text read as trace timestamps are (no zone = UTC). */
function instantMs(file: string, path: string, v: number | string): number {
  if (typeof v === 'number') return v;
  const ms = v.charCodeAt(4) === 45 ? parseTimestamp(v) : undefined;
  if (typeof ms !== 'number' || Number.isNaN(ms))
    throw new TraceFormatError({ file, column: path }, `expected epoch ms or an ISO-8601 date-time, got "${v}"`);
  return ms;
}

/** Checks the parsed file's cross-references and returns providers sorted by name. */
function normalize(file: string, input: DeploymentInput): Deployment {
  const fail = (path: string, detail: string): never => {
    throw new TraceFormatError({ file, column: path }, detail);
  };
  const seen = new Map<string, number>();
  const providers: Provider[] = input.providers.map((p, i) => {
    const before = seen.get(p.name);
    if (before !== undefined)
      fail(
        `providers[${i}].name`,
        `provider name "${p.name}" is already used by providers[${before}]; give each provider its own name`,
      );
    seen.set(p.name, i);
    const outages = p.outages
      .map((o, j) => {
        const startMs = instantMs(file, `providers[${i}].outages[${j}].start`, o.start);
        const endMs = instantMs(file, `providers[${i}].outages[${j}].end`, o.end);
        if (!(endMs > startMs))
          fail(`providers[${i}].outages[${j}]`, `expected end after start, got ${o.start} → ${o.end}`);
        return { startMs, endMs };
      })
      .sort((a, b) => a.startMs - b.startMs);
    return {
      name: p.name,
      model: p.model,
      concurrency: p.concurrency ?? Infinity,
      rpm: p.rpm ?? Infinity,
      tpm: p.tpm ?? Infinity,
      profile: p.latency === 'trace' ? undefined : p.latency,
      errorRate: p.errorRate,
      outages,
      price: p.price,
      weight: p.weight,
    };
  });
  providers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const models = new Set(providers.map((p) => p.model));
  const g = input.gateway;
  for (const [from, to] of Object.entries(g.fallbacks)) {
    if (!models.has(from))
      fail(
        `gateway.fallbacks.${from}`,
        `model "${from}" has no provider; add one to providers[] or remove the fallback`,
      );
    to.forEach((m, j) => {
      if (!models.has(m))
        fail(`gateway.fallbacks.${from}[${j}]`, `model "${m}" has no provider; add one to providers[]`);
    });
  }
  const r = g.providerRouting;
  if (r.type === 'openrouter') {
    r.models?.forEach((m, j) => {
      if (!models.has(m))
        fail(`gateway.providerRouting.models[${j}]`, `model "${m}" has no provider; add one to providers[]`);
    });
    for (const key of ['order', 'only', 'ignore'] as const)
      r[key]?.forEach((name, j) => {
        if (!seen.has(name))
          fail(
            `gateway.providerRouting.${key}[${j}]`,
            `unknown provider "${name}"; known: ${[...seen.keys()].sort().join(', ')}`,
          );
      });
  }
  return {
    providers,
    gateway: {
      retries: g.retries,
      retryBackoffMs: g.retryBackoffMs,
      timeoutMs: g.timeoutMs ?? Infinity,
      fallbacks: new Map(Object.entries(g.fallbacks)),
      cooldown: g.cooldown,
      routing: r,
    },
  };
}

/** Parses deployment JSON text; TraceFormatError naming the file and the JSON path of the first problem. */
export function parseDeployment(file: string, text: string): Deployment {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    const pos = Math.max(0, jsonErrorPosition(text));
    const before = text.slice(0, pos).split('\n');
    const line = before.length;
    const column = `column ${before[before.length - 1]!.length + 1}`;
    throw new TraceFormatError({ file, line, column }, 'expected valid JSON; fix the syntax there');
  }
  const parsed = deploymentSchema.safeParse(root);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const p = problemOf(root, i);
      return `${file} (${p.path}): ${p.detail}`;
    });
    const first = problemOf(root, parsed.error.issues[0]!);
    throw new TraceFormatError({ file, column: first.path }, first.detail, { problems });
  }
  return normalize(file, parsed.data);
}

/** Reads and validates a deployment file. */
export async function readDeployment(file: string): Promise<Deployment> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new TraceFormatError({ file }, 'expected a readable deployment JSON file; check the path', { cause: err });
  }
  return parseDeployment(file, text);
}
