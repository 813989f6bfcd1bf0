/**
 * The report as data — sections of tables, charts and notes — built once and written both as HTML and as
 * Markdown, so the two never disagree. Order answers the reader's question first: the budget table and
 * the references, then the charts, then the per-slice tables.
 */
import type { Chart, ReportInputs } from '../inputs/types.ts';
import type { ReportTable } from '../tables/report-table.ts';
import type { ChartGroup } from '../charts/build-charts.ts';
import { budgetTable, headlines } from '../tables/budget-table.ts';
import { counterfactualTable } from '../tables/counterfactual-table.ts';
import { loggedBudgetTable, loggedHeadlines } from '../tables/logged-table.ts';
import { opeTable } from '../tables/ope-table.ts';
import { runsTable } from '../tables/runs-table.ts';
import { sliceTable } from '../tables/slice-table.ts';
import { sweepTable } from '../tables/sweep-table.ts';

export type Block =
  | { readonly type: 'table'; readonly table: ReportTable }
  | { readonly type: 'chart'; readonly chart: Chart; readonly svg: string }
  | { readonly type: 'list'; readonly title: string; readonly items: readonly string[] };

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
}

export interface ReportDocument {
  readonly title: string;
  /** One line per input: what it is and where it came from. */
  readonly inputs: readonly string[];
  readonly sections: readonly Section[];
}

/** `svgs` maps chart name → rendered SVG. */
export function buildDocument(
  inputs: ReportInputs,
  groups: readonly ChartGroup[],
  svgs: ReadonlyMap<string, string>,
): ReportDocument {
  const results = inputs.results ?? [];
  const sweeps = inputs.sweeps ?? [];
  const many = results.length > 1;
  const of = (i: number): string => (many ? ` — ${results[i]!.trace.path}` : '');
  const chartBlocks = (g: ChartGroup): Block[] =>
    g.charts.map((chart) => ({ type: 'chart', chart, svg: svgs.get(chart.name) ?? '' }));

  const summary: Block[] = results.flatMap((r, i): Block[] => {
    const warnings = r.trace.warnings.map((w) => `${w.code} (${w.count}×): ${w.message}`);
    const ope = opeTable(r);
    // A production log answers from its valid estimates and says what it cannot answer (logged-table.ts).
    const budget = r.logged ? loggedBudgetTable(r, r.logged) : budgetTable(r);
    const cf = r.logged ? counterfactualTable(r.logged) : null;
    const cannot: Block[] = r.logged
      ? [
          ...(cf ? [{ type: 'table' as const, table: { ...cf, title: `${cf.title}${of(i)}` } }] : []),
          { type: 'list', title: `What this log cannot answer${of(i)}`, items: r.logged.cannotAnswer },
        ]
      : [];
    return [
      { type: 'list', title: `At a glance${of(i)}`, items: r.logged ? loggedHeadlines(r.logged) : headlines(r) },
      { type: 'table', table: { ...budget, title: `${budget.title}${of(i)}` } },
      ...cannot,
      { type: 'table', table: { ...runsTable(r), title: `${runsTable(r).title}${of(i)}` } },
      ...(ope ? [{ type: 'table' as const, table: { ...ope, title: `${ope.title}${of(i)}` } }] : []),
      ...(warnings.length > 0 ? [{ type: 'list' as const, title: `Trace warnings${of(i)}`, items: warnings }] : []),
    ];
  });
  if (sweeps.length > 0) summary.push({ type: 'table', table: sweepTable(sweeps) });

  const slices: Block[] = results.flatMap((r, i) =>
    (['quality', 'cost'] as const).flatMap((metric): Block[] => {
      const t = sliceTable(r, metric);
      return t === null ? [] : [{ type: 'table', table: { ...t, title: `${t.title}${of(i)}` } }];
    }),
  );

  const inputLines = [
    ...results.map(
      (r) =>
        `replay of ${r.trace.path}: ${r.trace.requests} requests, ${r.trace.models.length} models ` +
        `(${r.trace.models.join(', ')}), ${r.runs.length} policies, seed ${r.seed}, routelab ${r.routelab}`,
    ),
    ...sweeps.map((s) => `sweep of ${s.policy} over ${s.param}: ${s.points.length} points, routelab ${s.routelab}`),
    ...(inputs.calibration
      ? [`calibration of a learned router: ${Object.keys(inputs.calibration.calibration).length} models`]
      : []),
  ];
  const sections: Section[] = [
    { id: 'summary', title: 'Summary', blocks: summary },
    { id: 'charts', title: 'Charts', blocks: groups.flatMap(chartBlocks) },
    { id: 'slices', title: 'Per-slice tables', blocks: slices },
  ];
  return { title: 'routelab report', inputs: inputLines, sections: sections.filter((s) => s.blocks.length > 0) };
}
