/** One row per sweep: what was swept and its summary metrics (APGR, AIQ, CPT at 50/80/95% of the gap). */
import type { SweepResults } from '../../metrics/types.ts';
import type { ReportTable } from './report-table.ts';
import { formatNumber, formatPercent, UNKNOWN } from '../text/format.ts';

export function sweepTable(sweeps: readonly SweepResults[]): ReportTable {
  return {
    title: 'Sweeps',
    note:
      'APGR: average share of the weak→strong quality gap recovered (higher is better). ' +
      'CPT(x%): share of calls to the strong model needed to recover x% of the gap (lower is better).',
    columns: [
      { title: 'policy', align: 'left' },
      { title: 'parameter', align: 'left' },
      { title: 'weak → strong', align: 'left' },
      { title: 'points', align: 'right' },
      { title: 'APGR', align: 'right' },
      { title: 'AIQ', align: 'right' },
      { title: 'CPT(50%)', align: 'right' },
      { title: 'CPT(80%)', align: 'right' },
      { title: 'CPT(95%)', align: 'right' },
    ],
    rows: sweeps.map((s) => [
      s.policy,
      s.param,
      s.weak !== undefined && s.strong !== undefined ? `${s.weak} → ${s.strong}` : UNKNOWN,
      String(s.points.length),
      formatNumber(s.apgr, 3),
      formatNumber(s.aiq, 3),
      formatPercent(s.cpt['50']),
      formatPercent(s.cpt['80']),
      formatPercent(s.cpt['95']),
    ]),
  };
}
