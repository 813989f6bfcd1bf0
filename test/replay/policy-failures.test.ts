/**
 * The policy-failure table: user policy files that misbehave in every way we know of, each run in its
 * sandbox beside a built-in. Each must fail only its own run, with a PolicyError message naming the policy,
 * the request (when there is one) and the cause, while the built-in's results stay exact.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { parseSpec } from '../../src/policy/spec.ts';
import { replay } from '../../src/replay/replay.ts';
import { SandboxedPolicy } from '../../src/replay/sandboxed-policy.ts';
import { CHOSEN_ERROR } from '../../src/replay/types.ts';
import { traceOf } from './tiny-trace.ts';

// r1..r3 on models a and b; always:a gets quality 1, 0, 1 and pays 1 per request.
const trace = traceOf(
  ['r1', 'r2', 'r3'].flatMap((id, r) => [
    { requestId: id, model: 'a', quality: [1, 0, 1][r]!, costUsd: 1 },
    { requestId: id, model: 'b', quality: 1, costUsd: 2 },
  ]),
);

const dir = mkdtempSync(join(tmpdir(), 'routelab-sandbox-'));
const A = "{ type: 'model', model: 'a' }";

/** [case, body of the policy object after `name`, expected failure message]. */
const CASES: [string, string, RegExp][] = [
  ['init throws', `init() { throw new Error('no init'); }, decide: () => (${A})`, /^policy p: init failed: no init$/],
  [
    'decide throws on one request',
    `decide: (r) => { if (r.id === 'r2') throw new Error('bad r2'); return ${A}; }`,
    /^policy p, request r2: decide threw: bad r2$/,
  ],
  [
    'observe throws',
    `decide: () => (${A}), observe: (f) => { if (f.request.id === 'r3') throw new TypeError('obs'); }`,
    /^policy p, request r3: observe threw: obs$/,
  ],
  ['throws a string', `decide: () => { throw 'plain text'; }`, /^policy p, request r1: decide threw: plain text$/],
  [
    'loops forever in decide',
    `decide: (r) => { if (r.id === 'r2') for (;;) {} return ${A}; }`,
    /^policy p, request r2: the run took longer than the time budget of 1\.5 s \(--policy-timeout\) and was stopped$/,
  ],
  [
    'loops forever in init',
    `init() { for (;;) {} }, decide: () => (${A})`,
    /^policy p: init failed: the run took longer than the time budget of 1\.5 s/,
  ],
  [
    'never settles an async init',
    `init: () => new Promise(() => {}), decide: () => (${A})`,
    /^policy p: init failed: ended its thread before finishing \(exit code 0\): .* never settles$/,
  ],
  [
    'allocates without end',
    `decide: () => { const keep = []; for (;;) keep.push(new Array(1e5).fill(0)); }`,
    /^policy p, request r1: ran out of memory \(the sandbox allows 64 MB of heap; --policy-memory raises it\)$/,
  ],
  [
    'exits the process',
    `decide: (r) => (r.id === 'r3' ? process.exit(0) : ${A})`,
    /^policy p, request r3: ended its thread before finishing \(exit code 0\): the policy exited the process/,
  ],
  ['returns a number', `decide: () => 42`, /^policy p, request r1: decide returned 42; expected \{type: 'model'/],
  ['returns undefined', `decide: () => {}`, /^policy p, request r1: decide returned undefined; expected/],
  ['returns a Promise', `decide: async () => (${A})`, /^policy p, request r1: decide returned a Promise \(decide/],
  [
    'names a model by number',
    `decide: () => ({ type: 'model', model: 7 })`,
    /^policy p, request r1: returned unknown model 7; the trace's models are a, b$/,
  ],
  [
    'returns negative weights',
    `decide: () => ({ type: 'weights', weights: { a: -1 } })`,
    /^policy p, request r1: returned weight -1 for a; expected a finite number ≥ 0$/,
  ],
];

describe('a user policy file that misbehaves fails only its own run', () => {
  it.each(CASES)('%s', async (name, body, message) => {
    const file = join(dir, `${name.replaceAll(' ', '-')}.ts`);
    writeFileSync(file, `export default { name: 'p', ${body} };\n`);
    const sandboxed = await SandboxedPolicy.load(parseSpec(file), { cwd: dir, timeoutMs: 1500, maxMemoryMb: 64 });
    const builtin = await resolvePolicy('always:a', builtinRegistry());
    const [failed, ok] = await replay(trace, [sandboxed, builtin], { seed: 1 });
    expect(failed!.policy).toBe('p');
    expect(failed!.failure?.message).toMatch(message);
    expect(ok!.failure).toBeUndefined();
    expect([...ok!.quality]).toEqual([1, 0, 1]);
    expect([...ok!.costUsd]).toEqual([1, 1, 1]);
  });

  it('runs a well-behaved file exactly as in process, observe included', async () => {
    const file = join(dir, 'good.ts');
    writeFileSync(
      file,
      "let seen = 0;\nexport default { name: 'good', decide: () => ({ type: 'model', model: seen > 0 ? 'b' : 'a' }), " +
        'observe: () => { seen++; } };\n',
    );
    const sandboxed = await SandboxedPolicy.load(parseSpec(file), { cwd: dir, timeoutMs: 10_000, maxMemoryMb: 256 });
    const [run] = await replay(trace, [sandboxed], { seed: 1 });
    expect(run!.failure).toBeUndefined();
    // r1 → a (quality 1, $1), then b for r2 and r3 (quality 1, $2 each).
    expect([...run!.chosen]).toEqual([0, 1, 1]);
    expect([...run!.costUsd]).toEqual([1, 2, 2]);
    expect([...run!.calls]).toEqual([1, 2]);
  });

  it('voids every request of a failed run, never leaving numbers from before the failure', async () => {
    const file = join(dir, 'late-loop.ts');
    writeFileSync(
      file,
      `export default { name: 'p', decide: (r) => { if (r.id === 'r3') for (;;) {} return ${A}; } };\n`,
    );
    const sandboxed = await SandboxedPolicy.load(parseSpec(file), { cwd: dir, timeoutMs: 1500, maxMemoryMb: 64 });
    const [run] = await replay(trace, [sandboxed], { seed: 1 });
    expect([...run!.chosen]).toEqual([CHOSEN_ERROR, CHOSEN_ERROR, CHOSEN_ERROR]);
  });

  it('reports a file that is not a policy as a usage error before anything runs', async () => {
    const file = join(dir, 'no-default.ts');
    writeFileSync(file, 'export default 42;\n');
    await expect(SandboxedPolicy.load(parseSpec(file), { cwd: dir, timeoutMs: 5000, maxMemoryMb: 64 })).rejects.toThrow(
      /no-default\.ts: expected a Policy object \{name, decide\}, got number$/,
    );
  });

  it('also contains an in-process policy object whose observe throws (library users, built-ins)', async () => {
    const throwing = {
      name: 'inline',
      decide: () => ({ type: 'model' as const, model: 'a' }),
      observe: (f: { request: { id: string } }) => {
        if (f.request.id === 'r2') throw new Error('late');
      },
    };
    const [failed, ok] = await replay(trace, [throwing, await resolvePolicy('always:a', builtinRegistry())], {
      seed: 1,
    });
    expect(failed!.failure?.message).toBe('policy inline, request r2: observe threw: late');
    expect([...ok!.quality]).toEqual([1, 0, 1]);
  });
});
