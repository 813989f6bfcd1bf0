/**
 * Cost–quality scatter of one replay: every policy, single model and the oracle, with 95% CI whiskers on
 * quality, the Pareto frontier as a solid line and what randomly mixing single models gets as a dashed
 * line. A policy under the dashed line is worse than a coin-flip mixture of models.
 */
import type { ReplayResults } from '../../metrics/types.ts';
import type { Chart } from '../inputs/types.ts';
import { comparisonPoints, frontierPoints } from './points.ts';
import { randomMixingLine } from './mixing-line.ts';
import { LABEL_DX_PX, LABEL_DY_PX, placeLabels } from './place-labels.ts';
import { costScaleType, finishSpec } from './finish-spec.ts';
import { KIND_COLORS, QUALITY_AXIS_FORMAT, QUALITY_FORMAT, USD_FORMAT } from './theme.ts';

const WIDTH_PX = 640;
const HEIGHT_PX = 400;
const KIND_LABEL = { policy: 'policy', single: 'single model', oracle: 'oracle (reference)' } as const;

/** Null when no run has both a known quality and a known cost (e.g. a trace without costs or tokens). */
export function costQualityChart(results: ReplayResults, name = 'cost-quality'): Chart | null {
  // A run of unknown cost has no place on the cost axis: it is left out (and named) rather than drawn at $0.
  const all = comparisonPoints(results);
  const points = all.flatMap((p) =>
    p.quality === null || p.costPer1kUsd === null ? [] : [{ ...p, quality: p.quality, costPer1kUsd: p.costPer1kUsd }],
  );
  if (points.length === 0) return null;
  const noCost = all.filter((p) => p.quality !== null && p.costPer1kUsd === null).map((p) => p.policy);
  const frontier = frontierPoints(points);
  const onFrontier = new Set(frontier.map((p) => p.policy));
  const mixing = randomMixingLine(points.filter((p) => p.kind === 'single'));
  const rows = points.map((p) => ({
    policy: p.policy,
    kind: KIND_LABEL[p.kind],
    quality: p.quality,
    ciLow: p.ciLow ?? p.quality,
    ciHigh: p.ciHigh ?? p.quality,
    costPer1kUsd: p.costPer1kUsd,
    frontier: onFrontier.has(p.policy) ? 'yes' : 'no',
  }));
  const scaleType = costScaleType(rows.map((r) => r.costPer1kUsd));
  const costs = rows.map((r) => r.costPer1kUsd);
  // Explicit domains (no "nice" rounding), so the label placer knows where each point is drawn. A nice log
  // domain would also pad to whole decades and squash the points into the middle third.
  const [costLo, costHi] = [Math.min(...costs), Math.max(...costs)];
  const xDomain =
    scaleType === 'log'
      ? [costLo / 1.25, costHi * 1.25]
      : [costLo - 0.06 * (costHi - costLo || 1), costHi + 0.06 * (costHi - costLo || 1)];
  const qualities = rows.flatMap((r) => [r.quality, r.ciLow, r.ciHigh]);
  const [qLo, qHi] = [Math.min(...qualities), Math.max(...qualities)];
  const yDomain = [Math.max(0, qLo - 0.06 * (qHi - qLo || 0.1)), Math.min(1, qHi + 0.06 * (qHi - qLo || 0.1))];
  const xPx = (cost: number): number =>
    WIDTH_PX *
    (scaleType === 'log'
      ? Math.log(cost / xDomain[0]!) / Math.log(xDomain[1]! / xDomain[0]!)
      : (cost - xDomain[0]!) / (xDomain[1]! - xDomain[0]!));
  const yPx = (q: number): number => HEIGHT_PX * (1 - (q - yDomain[0]!) / (yDomain[1]! - yDomain[0]! || 1));
  // Every point is labelled where its label fits: the oracle, the frontier and the single models first.
  const rank = (r: (typeof rows)[number]): number =>
    r.kind === KIND_LABEL.oracle ? 0 : r.frontier === 'yes' ? 1 : r.kind === KIND_LABEL.single ? 2 : 3;
  const byRank = [...rows].sort((a, b) => rank(a) - rank(b) || a.costPer1kUsd - b.costPer1kUsd);
  const spots = placeLabels(
    byRank.map((r) => ({ key: r.policy, text: r.policy, xPx: xPx(r.costPer1kUsd), yPx: yPx(r.quality) })),
    WIDTH_PX,
    HEIGHT_PX,
  );
  const labelled = rows.map((r) => {
    const spot = spots.get(r.policy);
    return { ...r, label: spot ? r.policy : '', labelAt: spot?.at ?? 'none', labelAlign: spot?.align ?? 'none' };
  });
  const x = {
    field: 'costPer1kUsd',
    type: 'quantitative',
    title: `cost per 1,000 requests (USD${scaleType === 'log' ? ', log scale' : ''})`,
    scale: { type: scaleType, domain: xDomain, nice: false, ...(scaleType === 'log' ? {} : { zero: false }) },
  };
  const y = {
    field: 'quality',
    type: 'quantitative',
    title: 'mean quality',
    scale: { domain: yDomain, nice: false, zero: false },
    axis: { format: QUALITY_AXIS_FORMAT },
  };
  const kinds = Object.values(KIND_LABEL);
  const spec = finishSpec({
    title: {
      text: 'Quality vs cost',
      subtitle: [
        'solid: Pareto frontier · dashed: random mixing of single models · whiskers: 95% CI',
        ...(noCost.length > 0 ? [`not drawn, cost unknown: ${noCost.join(', ')}`] : []),
      ],
    },
    width: WIDTH_PX,
    height: HEIGHT_PX,
    datasets: {
      points: labelled,
      frontier: frontier.map((p) => ({ costPer1kUsd: p.costPer1kUsd, quality: p.quality })),
      mixing,
    },
    layer: [
      {
        data: { name: 'mixing' },
        mark: { type: 'line', color: '#9a9a9a', strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: { x, y },
      },
      {
        data: { name: 'frontier' },
        mark: { type: 'line', color: '#333333', strokeWidth: 2, interpolate: 'linear' },
        encoding: { x, y },
      },
      {
        data: { name: 'points' },
        mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.6 },
        encoding: {
          x,
          y: { field: 'ciLow', type: 'quantitative' },
          y2: { field: 'ciHigh' },
          color: { field: 'kind', type: 'nominal', scale: { domain: kinds, range: Object.values(KIND_COLORS) } },
        },
      },
      {
        data: { name: 'points' },
        params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
        mark: { type: 'point', filled: true, size: 90, opacity: 1 },
        encoding: {
          x,
          y,
          color: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: kinds, range: Object.values(KIND_COLORS) },
          },
          shape: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: kinds, range: ['circle', 'square', 'diamond'] },
          },
          tooltip: [
            { field: 'policy', title: 'policy' },
            { field: 'kind', title: 'kind' },
            { field: 'quality', title: 'quality', format: QUALITY_FORMAT },
            { field: 'ciLow', title: 'CI low', format: QUALITY_FORMAT },
            { field: 'ciHigh', title: 'CI high', format: QUALITY_FORMAT },
            { field: 'costPer1kUsd', title: 'USD / 1k requests', format: USD_FORMAT },
            { field: 'frontier', title: 'on frontier' },
          ],
        },
      },
      ...(['above', 'below'] as const).flatMap((at) =>
        (['left', 'right'] as const).map((align) => ({
          data: { name: 'points' },
          transform: [{ filter: `datum.labelAt === '${at}' && datum.labelAlign === '${align}'` }],
          mark: {
            type: 'text',
            align,
            dx: align === 'left' ? LABEL_DX_PX : -LABEL_DX_PX,
            dy: LABEL_DY_PX[at],
            fontSize: 10,
            limit: 220,
          },
          encoding: {
            x,
            y,
            text: { field: 'label' },
            // Single models' labels in the models' brown, so a policy next to a model stays told apart.
            color: { condition: { test: `datum.kind === '${KIND_LABEL.single}'`, value: '#6b4f3f' }, value: '#333333' },
          },
        })),
      ),
    ],
  });
  return {
    name,
    title: 'Quality vs cost',
    caption:
      'Each point is a policy, a single model or the oracle (best model per request, not shippable); a point ' +
      'whose label would cover another is named in its tooltip. ' +
      'Up and to the left is better; the solid line joins the policies nothing beats at their cost. ' +
      'A policy below the dashed line does worse than randomly mixing single models.',
    spec,
  };
}
