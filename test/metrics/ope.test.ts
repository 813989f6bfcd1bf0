import { describe, expect, it } from 'vitest';
import { mean } from '../../src/core/stats.ts';
import { builtinRegistry } from '../../policies/index.ts';
import { createRng } from '../../src/core/rng.ts';
import { buildResults } from '../../src/metrics/results.ts';
import {
  dmTerms,
  drTerms,
  effectiveSampleSize,
  ipsTerms,
  snips,
  type OpeInputs,
} from '../../src/metrics/ope/estimators.ts';
import { isFullInformation, loggedActions, type LoggedActions } from '../../src/metrics/ope/logged-actions.ts';
import { offPolicyEstimates } from '../../src/metrics/ope/off-policy.ts';
import type { OffPolicyEstimates } from '../../src/metrics/types.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { CHOSEN_UNSUPPORTED, type RunDecisions } from '../../src/replay/types.ts';
import { TraceBuilder, emptyRow } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { decisionsOf } from './tiny-trace.ts';

type LogRow = [id: string, model: string, task: string, quality: number, costUsd: number, propensity: number];

function logOf(rows: readonly LogRow[], models = ['a', 'b']): Trace {
  const b = new TraceBuilder();
  const src = b.addSource('log.csv');
  let line = 1;
  for (const [id, model, task, quality, costUsd, propensity] of rows) {
    const row = emptyRow();
    Object.assign(row, { requestId: id, model, task, quality, costUsd, propensity });
    b.add(row, src, ++line);
  }
  const trace = b.finish();
  expect(trace.modelNames).toEqual(models);
  return trace;
}

/** A run that named `wanted[r]` on request r (outcomes are not read by the estimators). */
function runWanting(policy: string, wanted: readonly number[]): RunDecisions {
  const n = wanted.length;
  return {
    policy,
    chosen: new Int32Array(n).fill(CHOSEN_UNSUPPORTED),
    wanted: Int32Array.from(wanted),
    quality: new Float64Array(n),
    costUsd: new Float64Array(n),
    costEstimated: new Uint8Array(n),
    latencyMs: new Float64Array(n),
    propensity: new Float64Array(n).fill(1),
    calls: new Float64Array(0),
    unsupported: n,
    errors: 0,
  };
}

function logged(trace: Trace): LoggedActions {
  const l = loggedActions(trace);
  if ('unavailable' in l) throw new Error(l.unavailable);
  return l;
}

// The hand-made log (also test/fixtures/traces/logged.csv): one model per request, with its propensity.
const LOG: LogRow[] = [
  ['r1', 'a', 'math', 1, 1, 0.5],
  ['r2', 'b', 'math', 1, 4, 0.25],
  ['r3', 'a', 'code', 0, 1, 0.5],
  ['r4', 'b', 'code', 1, 4, 0.5],
  ['r5', 'b', 'math', 0, 2, 0.25],
];
const A = 0,
  B = 1;

describe('offPolicyEstimates on a hand-made log', () => {
  const trace = logOf(LOG);
  const est = offPolicyEstimates(trace, logged(trace), runWanting('always:b', [B, B, B, B, B]), {
    seed: 1,
    resamples: 200,
  }) as OffPolicyEstimates;

  it('weights the requests where always:b agrees with the log by 1/p', () => {
    // w = 0, 1/0.25, 0, 1/0.5, 1/0.25 = 0, 4, 0, 2, 4; r = 1, 1, 0, 1, 0.
    // IPS = (4·1 + 2·1 + 4·0)/5 = 6/5; SNIPS = 6/(4+2+4) = 0.6.
    expect(est.ips.quality).toBe(1.2);
    expect(est.snips.quality).toBe(0.6);
    // ESS = (Σw)²/Σw² = 10²/(16+4+16) = 25/9; 3 of 5 requests agree.
    expect(est.ess).toBeCloseTo(25 / 9, 12);
    expect([est.maxWeight, est.matchShare, est.requests]).toEqual([4, 0.6, 5]);
  });

  it('fits q̂ per (task, model) for DM, and DR adds the weighted residuals', () => {
    // q̂(math,b) = (1+0)/2 = 0.5, q̂(code,b) = 1, q̂(math,a) = 1, q̂(code,a) = 0.
    // DM = (0.5+0.5+1+1+0.5)/5 = 0.7. Residuals w(r − q̂(x,a_log)): r2 4·(1−0.5) = 2, r4 2·(1−1) = 0,
    // r5 4·(0−0.5) = −2 → sum 0, so DR = 0.7.
    expect(est.dm.quality).toBeCloseTo(0.7, 12);
    expect(est.dr.quality).toBeCloseTo(0.7, 12);
  });

  it('estimates cost per request with the same estimators', () => {
    // cost 1, 4, 1, 4, 2. SNIPS = (4·4 + 2·4 + 4·2)/10 = 3.2. q̂cost(math,b) = 3, (code,b) = 4:
    // DM = (3+3+4+4+3)/5 = 3.4; residuals 4·(4−3) + 2·(4−4) + 4·(2−3) = 0 → DR = 3.4.
    expect(est.costUsd.snips).toBeCloseTo(3.2, 12);
    expect(est.costUsd.dr).toBeCloseTo(3.4, 12);
  });

  it('brackets each estimate by its bootstrap interval', () => {
    for (const e of [est.ips, est.snips, est.dm, est.dr]) {
      expect(e.ci95![0]).toBeLessThanOrEqual(e.quality! + 1e-12);
      expect(e.ci95![1]).toBeGreaterThanOrEqual(e.quality! - 1e-12);
    }
  });

  it('gives null SNIPS when the policy never agrees with the log', () => {
    const never = offPolicyEstimates(trace, logged(trace), runWanting('never', [B, A, B, A, A]), {
      seed: 1,
      resamples: 50,
    }) as OffPolicyEstimates;
    // Every weight is 0: IPS is 0, SNIPS 0/0, ESS 0.
    expect([never.ips.quality, never.snips.quality, never.snips.ci95, never.ess, never.matchShare]).toEqual([
      0,
      null,
      null,
      0,
      0,
    ]);
  });

  it('refuses cascade runs rather than estimating them', () => {
    const cascade = offPolicyEstimates(trace, logged(trace), runWanting('cascade', [B, CHOSEN_UNSUPPORTED, B, B, B]), {
      seed: 1,
    });
    expect(cascade).toEqual({ unavailable: expect.stringContaining('cascade') });
  });
});

describe('loggedActions', () => {
  it.each([
    [
      'a request without propensity',
      [
        ['r1', 'a', 'math', 1, 1, 0.5],
        ['r2', 'b', 'math', 1, 1, NaN],
      ],
      '1 of 2 requests have no propensity (first at log.csv:3)',
    ],
    [
      'a request with two models',
      [
        ['r1', 'a', 'math', 1, 1, 0.5],
        ['r1', 'b', 'math', 1, 1, 0.5],
      ],
      'request r1 has rows for several models',
    ],
  ] as [string, LogRow[], string][])('says why there are no estimates for %s', (_, rows, message) => {
    const result = loggedActions(logOf(rows));
    expect('unavailable' in result && result.unavailable).toContain(message);
  });

  it('tells a log from a full-information trace', () => {
    expect(isFullInformation(logOf(LOG))).toBe(false);
    expect(
      isFullInformation(
        logOf([
          ['r1', 'a', 'math', 1, 1, 0.5],
          ['r1', 'b', 'math', 0, 1, 0.5],
        ]),
      ),
    ).toBe(true);
  });
});

describe('estimator identities', () => {
  const rng = createRng(7);
  const n = 50;
  const randomInputs = (weight: (i: number) => number, zeroModel = false): OpeInputs => ({
    weight: Float64Array.from({ length: n }, (_, i) => weight(i)),
    reward: Float64Array.from({ length: n }, () => rng.next()),
    rewardModelLogged: Float64Array.from({ length: n }, () => (zeroModel ? 0 : rng.next())),
    rewardModelTarget: Float64Array.from({ length: n }, () => (zeroModel ? 0 : rng.next())),
  });

  it('makes DR with a zero reward model equal to IPS', () => {
    const x = randomInputs(() => rng.int(4) / 2, true);
    expect(mean(drTerms(x))).toBe(mean(ipsTerms(x)));
    expect(mean(dmTerms(x))).toBe(0);
  });

  it('makes SNIPS equal to IPS when the weights average 1', () => {
    // Weights 0.5 and 1.5 alternately: Σw = n, so Σwr/Σw = Σwr/n.
    const x = randomInputs((i) => (i % 2 === 0 ? 0.5 : 1.5));
    expect(snips(x)).toBeCloseTo(mean(ipsTerms(x)), 12);
  });

  it('gives the logging policy weights of 1, so IPS is the logged mean and ESS is n', () => {
    const p = Float64Array.from({ length: n }, () => 0.1 + 0.9 * rng.next());
    const x = randomInputs((i) => p[i]! / p[i]!);
    expect(mean(ipsTerms(x))).toBeCloseTo(mean(x.reward), 12);
    expect(snips(x)).toBeCloseTo(mean(x.reward), 12);
    expect(effectiveSampleSize(x.weight)).toBe(n);
  });
});

describe('unbiasedness on synthetic logs', () => {
  // Two tasks (equally likely), three models; Bernoulli quality with mean MU[task][model].
  const MU = [
    [0.2, 0.6, 0.9],
    [0.7, 0.3, 0.5],
  ];
  const LOGGING = [
    [0.5, 0.3, 0.2],
    [0.2, 0.2, 0.6],
  ];
  const TARGET = [
    [0.1, 0.1, 0.8],
    [0.8, 0.1, 0.1],
  ];
  // True value: ½(0.1·0.2 + 0.1·0.6 + 0.8·0.9) + ½(0.8·0.7 + 0.1·0.3 + 0.1·0.5) = ½·0.8 + ½·0.64 = 0.72.
  const TRUE_VALUE = 0.72;
  const draw = (rng: ReturnType<typeof createRng>, probs: number[]): number => {
    let u = rng.next(),
      m = 0;
    while (m < probs.length - 1 && u >= probs[m]!) u -= probs[m++]!;
    return m;
  };

  it('centres the mean IPS and DR estimates of a stochastic target on its true value', () => {
    const rng = createRng(2024);
    const logs = 300,
      requests = 200;
    let ips = 0,
      dr = 0,
      snipsMean = 0;
    for (let k = 0; k < logs; k++) {
      const rows: LogRow[] = [];
      const wanted: number[] = [];
      for (let r = 0; r < requests; r++) {
        const t = rng.int(2),
          m = draw(rng, LOGGING[t]!);
        rows.push([`r${r}`, 'abc'[m]!, ['math', 'code'][t]!, rng.next() < MU[t]![m]! ? 1 : 0, 1, LOGGING[t]![m]!]);
        wanted.push(draw(rng, TARGET[t]!)); // the replay samples a weights decision the same way
      }
      // Model codes follow first appearance: put a, b, c first so the codes are 0, 1, 2.
      const trace = logOf(sortByModelFirstSeen(rows), ['a', 'b', 'c']);
      const ids = trace.requestIds.map((id) => Number(id.slice(1)));
      const est = offPolicyEstimates(
        trace,
        logged(trace),
        runWanting(
          'target',
          ids.map((i) => wanted[i]!),
        ),
        { seed: k, resamples: 1 },
      ) as OffPolicyEstimates;
      ips += est.ips.quality! / logs;
      dr += est.dr.quality! / logs;
      snipsMean += est.snips.quality! / logs;
    }
    // 60k requests with per-request IPS variance ≈ 2.9 → sd of the mean ≈ 0.007. The log's own mean quality is
    // ½(0.5·0.2 + 0.3·0.6 + 0.2·0.9) + ½(0.2·0.7 + 0.2·0.3 + 0.6·0.5) = 0.48: unweighted answers are far off.
    expect(Math.abs(ips - TRUE_VALUE)).toBeLessThan(0.02);
    expect(Math.abs(dr - TRUE_VALUE)).toBeLessThan(0.02);
    expect(Math.abs(snipsMean - TRUE_VALUE)).toBeLessThan(0.03);
  });
});

/** Rows reordered so the first row of a, b, c come first, in that order (so model codes are a=0, b=1, c=2). */
function sortByModelFirstSeen(rows: LogRow[]): LogRow[] {
  const firsts = ['a', 'b', 'c'].map((m) => rows.findIndex((r) => r[1] === m));
  return [...firsts.map((i) => rows[i]!), ...rows.filter((_, i) => !firsts.includes(i))];
}

describe('buildResults on a logged trace', () => {
  const trace = logOf(LOG);
  const options = { seed: 3, path: 'log.csv', version: '0.1.0', resamples: 100 };

  it('adds off-policy estimates to every successful run', () => {
    const res = buildResults(trace, [runWanting('always:b', [B, B, B, B, B])], options);
    expect(res.runs[0]!.ope).toMatchObject({ ips: { quality: 1.2 }, snips: { quality: 0.6 }, matchShare: 0.6 });
  });

  it('adds nothing to a trace without propensity', () => {
    const plain = logOf(LOG.map(([id, m, t, q, c]) => [id, m, t, q, c, NaN]));
    const res = buildResults(plain, [decisionsOf(plain, 'always:a', [A, A, A, A, A])], options);
    expect(res.runs[0]).not.toHaveProperty('ope');
  });

  it('says when some request lacks a propensity instead of estimating', () => {
    const holed = logOf(LOG.map((row, i) => (i === 2 ? ([...row.slice(0, 5), NaN] as LogRow) : row)));
    const res = buildResults(holed, [runWanting('always:b', [B, B, B, B, B])], options);
    expect(res.runs[0]!.ope).toEqual({ unavailable: expect.stringContaining('1 of 5 requests have no propensity') });
  });
});

describe('offPolicyEstimates without the wanted models', () => {
  it('refuses a run that does not record them rather than reading the chosen ones', () => {
    const trace = logOf(LOG);
    const { wanted: _, ...bare } = runWanting('always:b', [B, B, B, B, B]);
    expect(offPolicyEstimates(trace, logged(trace), bare, { seed: 1 })).toEqual({
      unavailable: expect.stringContaining('RunDecisions.wanted'),
    });
  });
});

describe('the replay feeding the estimators', () => {
  it('records the model a weights policy sampled, even where the log has no row for it', async () => {
    const trace = logOf(LOG);
    const [run] = await replay(trace, [await resolvePolicy('random', builtinRegistry())], { seed: 5 });
    const wanted = Array.from(run!.wanted!);
    expect(wanted.every((m) => m === A || m === B)).toBe(true);
    // Answered requests got the model wanted; the others are exactly the unsupported ones.
    wanted.forEach((m, r) => expect(run!.chosen[r]).toBe(m === logged(trace).model[r] ? m : CHOSEN_UNSUPPORTED));
    expect(run!.unsupported).toBe(wanted.filter((m, r) => m !== logged(trace).model[r]).length);
  });
});
