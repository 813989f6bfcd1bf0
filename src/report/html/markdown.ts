/** report.md: the same tables as the HTML, in Markdown, with each chart as a link to its PNG. */
import type { Block, ReportDocument } from './document.ts';
import type { ReportTable } from '../tables/report-table.ts';
import { escapeMarkdown } from './escape.ts';

function tableMd(t: ReportTable): string {
  const head = `| ${t.columns.map((c) => escapeMarkdown(c.title)).join(' | ')} |`;
  const rule = `|${t.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  const rows = t.rows.map((r) => `| ${r.map(escapeMarkdown).join(' | ')} |`);
  return [
    `### ${escapeMarkdown(t.title)}`,
    '',
    ...(t.note ? [escapeMarkdown(t.note), ''] : []),
    head,
    rule,
    ...rows,
  ].join('\n');
}

function blockMd(b: Block): string {
  switch (b.type) {
    case 'table':
      return tableMd(b.table);
    case 'list':
      return [`### ${escapeMarkdown(b.title)}`, '', ...b.items.map((i) => `- ${escapeMarkdown(i)}`)].join('\n');
    case 'chart':
      return [
        `### ${escapeMarkdown(b.chart.title)}`,
        '',
        escapeMarkdown(b.chart.caption),
        '',
        `![${escapeMarkdown(b.chart.title)}](${b.chart.name}.png)`,
      ].join('\n');
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const parts = [
    `# ${escapeMarkdown(doc.title)}`,
    doc.inputs.map((l) => `- ${escapeMarkdown(l)}`).join('\n'),
    ...doc.sections.map((s) => [`## ${escapeMarkdown(s.title)}`, ...s.blocks.map(blockMd)].join('\n\n')),
  ];
  return `${parts.join('\n\n')}\n`;
}
