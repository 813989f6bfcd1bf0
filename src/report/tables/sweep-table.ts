/** One row per sweep: what was swept and its summary metrics (APGR, AIQ, CPT at 50/80/95% of the gap). */
import type { SweepResults } from '../../metrics/types.ts';
import type { ReportTable } from './report-table.ts';
import { formatShare } from '../format.ts';

export function sweepTable(sweeps: readonly SweepResults[]): ReportTable {
  const num = (v: number | null): string => (v === null ? '—' : v.toFixed(3));
  const share = (v: number | null): string => (v === null ? '—' : formatShare(v));
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
      s.weak !== undefined && s.strong !== undefined ? `${s.weak} → ${s.strong}` : '—',
      String(s.points.length),
      num(s.apgr),
      num(s.aiq),
      share(s.cpt['50']),
      share(s.cpt['80']),
      share(s.cpt['95']),
    ]),
  };
}
