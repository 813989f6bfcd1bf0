/**
 * The deferral curve (RouteLLM): quality against the share of calls sent to the strong model. The diagonal
 * is random routing between weak and strong; dashed rules mark 50/80/95% of the quality gap, and vertical
 * ticks each policy's CPT (the strong-call share it needs to reach that level). APGR is the area under the
 * curve of gap recovered, shown in the legend.
 */
import type { ReplayResults, SweepResults } from '../../metrics/types.ts';
import type { Chart } from '../inputs/types.ts';
import { GAP_SHARES, gapAnchors } from './gap-levels.ts';
import { finishSpec } from './finish-spec.ts';
import { formatNumber } from '../text/format.ts';
import { QUALITY_AXIS_FORMAT, QUALITY_FORMAT } from './theme.ts';

function legendName(s: SweepResults): string {
  return s.apgr === null ? s.policy : `${s.policy} (APGR ${s.apgr.toFixed(3)})`;
}

/** Null when no sweep names its strong model (the x axis would be undefined). */
export function deferralCurveChart(
  sweeps: readonly SweepResults[],
  results: readonly ReplayResults[] = [],
  name = 'sweep-deferral',
): Chart | null {
  const withStrong = sweeps.filter((s) => s.strong !== undefined);
  if (withStrong.length === 0) return null;
  const rows = withStrong.flatMap((s) =>
    s.points
      .filter((p) => p.quality !== null)
      .map((p) => ({
        policy: legendName(s),
        param: `${s.param} = ${formatNumber(p.value)}`,
        quality: p.quality,
        strongShare: p.modelShare[s.strong!] ?? 0,
      })),
  );
  const first = withStrong[0]!;
  const samePair = withStrong.every((s) => s.weak === first.weak && s.strong === first.strong);
  const anchors = samePair ? gapAnchors(first, results) : null;
  const gapRows = (anchors?.levels ?? []).map((l) => ({ quality: l.quality, label: `${l.gap}% of gap` }));
  const diagonal = anchors
    ? [
        { strongShare: 0, quality: anchors.weakQuality },
        { strongShare: 1, quality: anchors.strongQuality },
      ]
    : [];
  const cptRows = withStrong.flatMap((s) =>
    GAP_SHARES.flatMap((gap) => {
      const share = s.cpt[gap];
      return share === null ? [] : [{ policy: legendName(s), strongShare: share, label: `CPT(${gap}%)` }];
    }),
  );
  const x = {
    field: 'strongShare',
    type: 'quantitative',
    title: `share of calls to ${first.strong}`,
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  };
  const y = {
    field: 'quality',
    type: 'quantitative',
    title: 'mean quality',
    scale: { zero: false },
    axis: { format: QUALITY_AXIS_FORMAT },
  };
  const color = { field: 'policy', type: 'nominal', title: 'swept policy' };
  const spec = finishSpec({
    title: {
      text: 'Deferral curve: quality vs strong-model calls',
      subtitle: 'diagonal: random routing · dashed: 50/80/95% of the gap · ticks: CPT',
    },
    width: 560,
    height: 340,
    datasets: { points: rows, gaps: gapRows, diagonal, cpt: cptRows },
    layer: [
      { data: { name: 'diagonal' }, mark: { type: 'line', color: '#b0b0b0', strokeWidth: 1.5 }, encoding: { x, y } },
      { data: { name: 'gaps' }, mark: { type: 'rule', color: '#999999', strokeDash: [4, 3] }, encoding: { y } },
      {
        data: { name: 'gaps' },
        mark: { type: 'text', align: 'right', baseline: 'bottom', x: 556, dy: -2, fontSize: 10, color: '#666666' },
        encoding: { y, text: { field: 'label' } },
      },
      {
        data: { name: 'cpt' },
        mark: { type: 'rule', strokeWidth: 1.5, strokeDash: [2, 2], opacity: 0.8 },
        encoding: {
          x,
          color,
          tooltip: [
            { field: 'policy' },
            { field: 'label', title: 'level' },
            { field: 'strongShare', title: 'strong share', format: '.1%' },
          ],
        },
      },
      {
        data: { name: 'points' },
        params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
        mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2 },
        encoding: {
          x,
          y,
          color,
          order: { field: 'strongShare', type: 'quantitative' },
          tooltip: [
            { field: 'policy', title: 'policy' },
            { field: 'param', title: 'parameter' },
            { field: 'quality', title: 'quality', format: QUALITY_FORMAT },
            { field: 'strongShare', title: 'strong share', format: '.1%' },
          ],
        },
      },
    ],
  });
  return {
    name,
    title: 'Deferral curve',
    caption:
      'How much quality each share of strong-model calls buys. Above the grey diagonal beats random routing; ' +
      'a CPT tick further left means fewer expensive calls for the same quality.',
    spec,
  };
}
