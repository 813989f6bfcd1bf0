/**
 * report.html: one self-contained file. The Content-Security-Policy forbids every network request (and
 * eval); vega, vega-lite, vega-embed and vega-interpreter are inlined; each chart's static SVG is the
 * fallback that vega-embed replaces with the interactive version. Every trace string is escaped: text
 * through escapeHtml, specs as JSON in <script type="application/json"> through jsonForScript.
 */
import type { Block, ReportDocument } from './document.ts';
import type { ReportTable } from '../tables/report-table.ts';
import { escapeHtml, jsonForScript } from './escape.ts';
import { REPORT_CSS } from './html-style.ts';

export const REPORT_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; " +
  "base-uri 'none'; form-action 'none'";

// Runs after the libraries: embeds each chart from its JSON spec, or leaves the static SVG in place.
const BOOTSTRAP = `(function () {
  if (typeof vegaEmbed !== 'function' || typeof vegaInterpreter !== 'object') return;
  var figures = document.querySelectorAll('figure[data-spec]');
  Array.prototype.forEach.call(figures, function (figure) {
    var spec = JSON.parse(document.getElementById(figure.getAttribute('data-spec')).textContent);
    var target = figure.querySelector('.chart');
    vegaEmbed(target, spec, {
      mode: 'vega-lite', renderer: 'svg', ast: true, expr: vegaInterpreter.expressionInterpreter,
      actions: { export: true, source: false, compiled: false, editor: false }
    }).then(function () { figure.setAttribute('data-rendered', 'true'); })
      .catch(function (err) { figure.setAttribute('data-render-error', String(err)); console.error(err); });
  });
})();`;

function tableHtml(t: ReportTable): string {
  const muted = new Set(t.muted ?? []);
  const head = t.columns
    .map((c) => `<th${c.align === 'right' ? ' class="num"' : ''}>${escapeHtml(c.title)}</th>`)
    .join('');
  const body = t.rows
    .map((row, i) => {
      const cells = row
        .map((cell, j) => {
          const col = t.columns[j];
          const cl = col?.align === 'right' ? ' class="num"' : ' class="text"';
          return `<td${cl}>${escapeHtml(cell)}</td>`;
        })
        .join('');
      return `<tr${muted.has(i) ? ' class="muted"' : ''}>${cells}</tr>`;
    })
    .join('\n');
  return (
    `<h3>${escapeHtml(t.title)}</h3>\n${t.note ? `<p class="note">${escapeHtml(t.note)}</p>\n` : ''}` +
    `<div class="table-wrap"><table><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`
  );
}

function blockHtml(b: Block): string {
  switch (b.type) {
    case 'table':
      return tableHtml(b.table);
    case 'list': {
      const kind = b.title.startsWith('At a glance') ? 'glance' : 'warnings';
      const items = b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('');
      return `<h3>${escapeHtml(b.title)}</h3>\n<ul class="${kind}">${items}</ul>`;
    }
    case 'chart': {
      const id = `spec-${b.chart.name}`;
      const { $schema: _schema, ...spec } = b.chart.spec as unknown as Record<string, unknown>;
      return (
        `<figure id="chart-${escapeHtml(b.chart.name)}" data-spec="${escapeHtml(id)}">\n` +
        // The chart draws its own title; the caption says how to read it.
        `<div class="chart">${b.svg}</div>\n<figcaption>${escapeHtml(b.chart.caption)}</figcaption>\n` +
        `<script type="application/json" id="${escapeHtml(id)}">${jsonForScript(spec)}</script>\n</figure>`
      );
    }
  }
}

/** The whole page; `scripts` are the vendor libraries in load order. */
export function renderHtml(doc: ReportDocument, scripts: readonly string[]): string {
  const nav = doc.sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('');
  const sections = doc.sections
    .map(
      (s) =>
        `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map(blockHtml).join('\n')}\n</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(doc.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(doc.title)}</h1>
<ul class="inputs">${doc.inputs.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
<nav>${nav}</nav>
</header>
${sections}
<footer>Written by routelab. This file is self-contained: it makes no network requests; charts are interactive
(hover for values, drag or scroll to zoom) when scripts are enabled.</footer>
</main>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
<script>${BOOTSTRAP}</script>
</body>
</html>
`;
}
