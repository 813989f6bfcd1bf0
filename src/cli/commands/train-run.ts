/** The work of `routelab train`, loaded only when the command runs (it pulls in TF.js). */
import { ConfigError } from '../../core/errors.ts';
import { loadModelDir } from '../../learn/model-dir.ts';
import { evaluateRouting, evaluateRoutingOnSplit, type RoutingEvaluation } from '../../evaluate/learned-comparison.ts';
import { seenRequestsOf, writeSeenRequests } from '../../evaluate/seen-requests.ts';
import { builtinRegistry } from '../../../policies/index.ts';
import { policyMaker } from '../../policy/resolve-policy.ts';
import { backendNotes } from '../../learn/backend.ts';
import { predictionMetrics } from '../../learn/prediction-metrics.ts';
import { readEmbeddingFile } from '../../learn/features/embeddings.ts';
import { parseMaxShare, type RouteTarget } from '../../learn/route.ts';
import { trainRouter, type ModelEvaluation } from '../../learn/train.ts';
import { subsetTrace } from '../../replay/subset-trace.ts';
import type { RunResult } from '../../metrics/types.ts';
import { calibrationRemark } from '../calibration-remark.ts';
import { pct, table, usd } from '../format.ts';
import { humanStream, writeJsonTarget } from '../io.ts';
import { loadTrace } from '../load.ts';
import { progressBar } from '../progress.ts';
import { parseFlags, trainFlagsSchema } from '../flag-schemas.ts';

type TrainOptionsParsed = ReturnType<typeof parseTrainFlags>;
const parseTrainFlags = (f: TrainFlags) => parseFlags(trainFlagsSchema, f);

export interface TrainFlags {
  out: string;
  arch: string;
  models?: string;
  targetCost?: string;
  targetQuality?: string;
  maxShare?: string;
  lambda?: string;
  epochs: string;
  seed: string;
  promptTail?: string;
  embeddings?: string;
  embeddingColumn?: string;
  tags?: string;
  hashBits: string;
  hidden: string;
  calibration: string;
  classWeight: string;
  threshold: string;
  backend: string;
  eval?: string;
  json?: string;
  weak?: string;
  strong?: string;
  prices?: string;
  format?: string;
  lenient?: boolean;
}

/** The one routing target the flags name, if any (they are exclusive). */
function target(f: TrainOptionsParsed): RouteTarget | undefined {
  const given = [
    f.targetCost !== undefined && 'target-cost',
    f.targetQuality !== undefined && 'target-quality',
    f.maxShare !== undefined && 'max-share',
    f.lambda !== undefined && 'lambda',
  ].filter(Boolean);
  if (given.length > 1)
    throw new ConfigError(
      `train: give one of --target-cost, --target-quality, --max-share, --lambda, got ${given.join(' and ')}`,
    );
  if (f.targetCost !== undefined) return { type: 'target-cost', costUsd: f.targetCost };
  if (f.targetQuality !== undefined) return { type: 'target-quality', quality: f.targetQuality };
  if (f.maxShare !== undefined) return { type: 'max-share', ...parseMaxShare(f.maxShare) };
  if (f.lambda !== undefined) return { type: 'lambda', lambda: f.lambda };
  return undefined;
}

function probabilityTable(metrics: readonly ModelEvaluation[]): string {
  const f = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(3));
  return table(
    ['model', 'positives', 'AUC', 'Brier', 'ECE raw', 'ECE calibrated'],
    metrics.map((m) => [
      m.model,
      pct(m.calibrated.positiveShare),
      f(m.calibrated.auc),
      f(m.calibrated.brier),
      f(m.raw.ece),
      f(m.calibrated.ece),
    ]),
  );
}

function routingTable(e: RoutingEvaluation): string {
  const row = (name: string, r: RunResult, aiq: string, apgr: string) => [
    name,
    pct(r.quality.mean),
    r.quality.ci95 ? `${pct(r.quality.ci95[0])}–${pct(r.quality.ci95[1])}` : '–',
    usd(r.costUsd.perRequest),
    aiq,
    apgr,
  ];
  const f = (x: number | null) => (x === null ? '–' : x.toFixed(3));
  let out = table(
    ['policy', 'quality', 'ci95', 'cost/request', 'AIQ', 'APGR'],
    [
      row(`learned (${e.learned.policy})`, e.learned, f(e.learnedCurve.aiq), f(e.learnedApgr)),
      row('best-prior', e.bestPrior, '–', '–'),
      ['knn (λ sweep)', '', '', '', f(e.knnCurve.aiq), f(e.knnApgr)],
      ['zero router (mixing)', '', '', '', f(e.zeroRouterAiq), '0.500'],
      row('best single', e.bestSingle, '–', '–'),
      row('oracle', e.oracle, '–', '–'),
    ],
  );
  out += `APGR: ${e.weak} → ${e.strong}. `;
  out +=
    e.learnedCostAtBestSingle === null
      ? `The learned curve does not reach the best single model's quality (${pct(e.bestSingle.quality.mean)}).\n`
      : `The learned curve reaches the best single model's quality at ${usd(e.learnedCostAtBestSingle)}/request ` +
        `(best single: ${usd(e.bestSingle.costUsd.perRequest)}).\n`;
  return out;
}

export async function runTrain(paths: string[], f: TrainFlags): Promise<void> {
  // Flags are checked before the trace is read: a typo must not cost a minute of loading.
  const o = parseTrainFlags(f);
  const out = humanStream(f.json);
  const { trace, prices } = await loadTrace(paths, f);
  const seed = o.seed;
  const emb = f.embeddings ? await readEmbeddingFile(f.embeddings) : undefined;
  const bar = progressBar('training');
  const result = await trainRouter(trace, {
    out: f.out,
    arch: o.arch,
    seed,
    epochs: o.epochs,
    hashBits: o.hashBits,
    hidden: o.hidden,
    models: o.models,
    target: target(o),
    promptTailChars: o.promptTail,
    tagColumns: o.tags,
    embeddingColumn: f.embeddingColumn,
    embeddingFile: emb && f.embeddings ? { path: f.embeddings, ...emb } : undefined,
    calibration: o.calibration,
    classWeight: o.classWeight,
    threshold: o.threshold,
    backend: o.backend,
    prices,
    onEpoch: (e, n) => bar.update(e, n),
  }).finally(() => bar.stop());
  const m = result.manifest;
  // Hashes of the requests the router learned from, so a replay can say when it is scored on them.
  await writeSeenRequests(f.out, seenRequestsOf(trace, [...result.split.train, ...result.split.calibration]));
  out.write(
    `trained ${m.network.arch} on ${m.trainingData.requests.train} requests (calibration ` +
      `${m.trainingData.requests.calibration}, test ${m.trainingData.requests.test}); ` +
      (m.network.arch === 'logistic'
        ? `sparse L-BFGS, ${m.fit.epochsRun - 1} L2 strengths tried, chose #${m.fit.bestEpoch}`
        : `backend ${result.backend}; ${m.fit.epochsRun} epochs, best ${m.fit.bestEpoch}`) +
      `; λ = ${m.route.lambda.toPrecision(4)}\n\n`,
  );
  for (const note of backendNotes()) out.write(`(backend skipped — ${note})\n`);
  out.write(`held-out prediction quality (test split):\n${probabilityTable(result.metrics)}\n`);
  const remark = calibrationRemark(result.metrics, f.calibration);
  if (remark) out.write(`remark: ${remark}\n\n`);
  const rbar = progressBar('replaying');
  const makePolicy = policyMaker(builtinRegistry());
  const routing = await evaluateRoutingOnSplit(trace, f.out, m, result.split, {
    seed,
    makePolicy,
    weak: f.weak,
    strong: f.strong,
    ...(prices ? { prices } : {}),
    onProgress: (d, t) => rbar.update(d, t),
  }).finally(() => rbar.stop());
  out.write(`routing on the test split (${routing.requests} requests):\n${routingTable(routing)}`);
  let other: { path: string; metrics: ModelEvaluation[]; routing: RoutingEvaluation } | undefined;
  if (f.eval) {
    const { trace: evalTrace } = await loadTrace([f.eval], { prices: f.prices });
    const loaded = await loadModelDir(f.out, f.embeddings ? { embeddingsFile: f.embeddings } : {});
    const all = Uint32Array.from({ length: evalTrace.requestCount }, (_, r) => r);
    const seen = subsetTrace(trace, Uint32Array.from([...result.split.train, ...result.split.calibration]).sort());
    other = {
      path: f.eval,
      metrics: predictionMetrics(evalTrace, all, loaded),
      routing: await evaluateRouting(evalTrace, seen, f.out, m, {
        seed,
        makePolicy,
        weak: f.weak,
        strong: f.strong,
        ...(prices ? { prices } : {}),
      }),
    };
    out.write(
      `\non ${f.eval} (${evalTrace.requestCount} ` +
        `requests):\n${probabilityTable(other.metrics)}\n${routingTable(other.routing)}`,
    );
  }
  out.write(`\nmodel saved to ${f.out}; replay it with --policy learned:${f.out}\n`);
  if (f.json)
    await writeJsonTarget(f.json, {
      routelab: m.routelab,
      model: f.out,
      manifest: m,
      metrics: result.metrics,
      remarks: remark ? [remark] : [],
      routing,
      ...(other ? { eval: other } : {}),
    });
}
