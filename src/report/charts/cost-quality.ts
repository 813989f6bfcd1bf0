/**
 * Cost–quality scatter of one replay: every policy, single model and the oracle, with 95% CI whiskers on
 * quality, the Pareto frontier as a solid line and what randomly mixing single models gets as a dashed
 * line. A policy under the dashed line is worse than a coin-flip mixture of models.
 */
import type { ReplayResults } from '../../metrics/types.ts';
import type { Chart } from '../inputs/types.ts';
import { comparisonPoints, frontierPoints } from './points.ts';
import { randomMixingLine } from './mixing-line.ts';
import { costScaleType, finishSpec } from './finish-spec.ts';
import { KIND_COLORS, QUALITY_AXIS_FORMAT, QUALITY_FORMAT, USD_FORMAT } from './theme.ts';

const KIND_LABEL = { policy: 'policy', single: 'single model', oracle: 'oracle (reference)' } as const;

export function costQualityChart(results: ReplayResults, name = 'cost-quality'): Chart {
  // A run of unknown cost has no place on the cost axis: it is left out rather than drawn at $0.
  const points = comparisonPoints(results).flatMap((p) =>
    p.quality === null || p.costPer1kUsd === null ? [] : [{ ...p, quality: p.quality, costPer1kUsd: p.costPer1kUsd }],
  );
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
    // Labels above policies and below single models, so a policy next to a model stays readable.
    label: p.kind === 'single' || p.kind === 'oracle' || onFrontier.has(p.policy) ? p.policy : '',
    labelAt: p.kind === 'single' ? 'below' : 'above',
  }));
  const scaleType = costScaleType(rows.map((r) => r.costPer1kUsd));
  const costs = rows.map((r) => r.costPer1kUsd);
  // A nice log domain would pad to whole decades and squash the points into the middle third.
  const logDomain = [Math.min(...costs) / 1.25, Math.max(...costs) * 1.25];
  const position = (cost: number): number =>
    scaleType === 'log'
      ? Math.log(cost / logDomain[0]!) / Math.log(logDomain[1]! / logDomain[0]!)
      : (cost - Math.min(...costs)) / (Math.max(...costs) - Math.min(...costs) || 1);
  // Labels of points in the right quarter go to their left, so they are not cut at the plot's edge.
  const labelled = rows.map((r) => ({ ...r, labelAlign: position(r.costPer1kUsd) > 0.75 ? 'right' : 'left' }));
  const x = {
    field: 'costPer1kUsd',
    type: 'quantitative',
    title: `cost per 1,000 requests (USD${scaleType === 'log' ? ', log scale' : ''})`,
    scale: scaleType === 'log' ? { type: 'log', domain: logDomain, nice: false } : { type: 'linear', zero: false },
  };
  const y = {
    field: 'quality',
    type: 'quantitative',
    title: 'mean quality',
    scale: { zero: false },
    axis: { format: QUALITY_AXIS_FORMAT },
  };
  const kinds = Object.values(KIND_LABEL);
  const spec = finishSpec({
    title: {
      text: 'Quality vs cost',
      subtitle: 'solid: Pareto frontier · dashed: random mixing of single models · whiskers: 95% CI',
    },
    width: 640,
    height: 400,
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
            dx: align === 'left' ? 7 : -7,
            dy: at === 'above' ? -9 : 11,
            fontSize: 10,
            limit: 220,
            color: at === 'above' ? '#333333' : '#6b4f3f',
          },
          encoding: { x, y, text: { field: 'label' } },
        })),
      ),
    ],
  });
  return {
    name,
    title: 'Quality vs cost',
    caption:
      'Each point is a policy, a single model or the oracle (best model per request, not shippable). ' +
      'Up and to the left is better; the solid line joins the policies nothing beats at their cost. ' +
      'A policy below the dashed line does worse than randomly mixing single models.',
    spec,
  };
}
