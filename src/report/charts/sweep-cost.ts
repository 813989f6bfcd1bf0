/**
 * Sweep curves on the quality–cost plane: one line per swept policy (each point one parameter value),
 * with horizontal rules where quality closes 50/80/95% of the weak→strong gap.
 */
import type { ReplayResults, SweepResults } from '../../metrics/types.ts';
import type { Chart } from '../inputs/types.ts';
import { gapAnchors } from './gap-levels.ts';
import { costScaleType, finishSpec } from './finish-spec.ts';
import { formatNumber } from '../text/format.ts';
import { QUALITY_AXIS_FORMAT, QUALITY_FORMAT, USD_FORMAT } from './theme.ts';

export function sweepCostChart(
  sweeps: readonly SweepResults[],
  results: readonly ReplayResults[] = [],
  name = 'sweep-cost',
): Chart {
  const rows = sweeps.flatMap((s) =>
    s.points
      .filter((p) => p.quality !== null)
      .map((p) => ({
        policy: s.policy,
        param: `${s.param} = ${formatNumber(p.value)}`,
        quality: p.quality,
        costUsd: p.costUsd,
      })),
  );
  // Gap rules only make sense when every sweep routes between the same two models.
  const anchors =
    sweeps.length > 0 && sweeps.every((s) => s.weak === sweeps[0]!.weak && s.strong === sweeps[0]!.strong)
      ? gapAnchors(sweeps[0]!, results)
      : null;
  const gapRows = (anchors?.levels ?? []).map((l) => ({ quality: l.quality, label: `${l.gap}% of gap` }));
  const scaleType = costScaleType(rows.map((r) => r.costUsd));
  const x = {
    field: 'costUsd',
    type: 'quantitative',
    title: `total cost of the trace (USD${scaleType === 'log' ? ', log scale' : ''})`,
    scale: scaleType === 'log' ? { type: 'log' } : { type: 'linear', zero: false },
  };
  const spec = finishSpec({
    title: {
      text: 'Sweep: quality vs cost',
      subtitle: anchors
        ? `rules: 50/80/95% of the gap from ${sweeps[0]!.weak ?? 'weak'} to ${sweeps[0]!.strong ?? 'strong'}`
        : 'one line per swept policy',
    },
    width: 560,
    height: 340,
    datasets: { points: rows, gaps: gapRows },
    layer: [
      {
        data: { name: 'gaps' },
        mark: { type: 'rule', color: '#999999', strokeDash: [4, 3] },
        encoding: { y: { field: 'quality', type: 'quantitative' } },
      },
      {
        data: { name: 'gaps' },
        mark: { type: 'text', align: 'left', baseline: 'bottom', x: 4, dy: -2, fontSize: 10, color: '#666666' },
        encoding: { y: { field: 'quality', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: { name: 'points' },
        params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
        mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2 },
        encoding: {
          x,
          y: {
            field: 'quality',
            type: 'quantitative',
            title: 'mean quality',
            scale: { zero: false },
            axis: { format: QUALITY_AXIS_FORMAT },
          },
          color: { field: 'policy', type: 'nominal', title: 'swept policy' },
          order: { field: 'costUsd', type: 'quantitative' },
          tooltip: [
            { field: 'policy', title: 'policy' },
            { field: 'param', title: 'parameter' },
            { field: 'quality', title: 'quality', format: QUALITY_FORMAT },
            { field: 'costUsd', title: 'cost (USD)', format: USD_FORMAT },
          ],
        },
      },
    ],
  });
  return {
    name,
    title: 'Sweep: quality vs cost',
    caption:
      'Each line moves one policy parameter from cheap to expensive; ' +
      'a curve that rises early buys quality for little money.',
    spec,
  };
}
