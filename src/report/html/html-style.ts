/** The report page's stylesheet: readable type, a centred column, tables that scroll on narrow screens. */
export const REPORT_CSS = `
:root { --ink: #1d2330; --muted: #5f6b7a; --line: #e3e7ee; --accent: #2f5f9e; --bg-alt: #f6f8fb; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 15px/1.5 "DejaVu Sans", "Segoe UI", system-ui, -apple-system, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 28px 64px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 8px; }
h1 { font-size: 28px; margin: 0 0 6px; letter-spacing: -0.01em; }
h2 { font-size: 21px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 17px; margin: 28px 0 4px; }
.inputs { margin: 0; padding-left: 18px; color: var(--muted); font-size: 13px; }
nav { font-size: 14px; margin: 12px 0 0; }
nav a { color: var(--accent); margin-right: 18px; text-decoration: none; }
.note { color: var(--muted); font-size: 13.5px; margin: 2px 0 10px; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { background: var(--bg-alt); font-weight: 600; text-align: left; color: #334; }
td.num, th.num { text-align: right; }
tr:last-child td { border-bottom: none; }
tbody tr:hover { background: #f0f5ff; }
tr.muted td { color: var(--muted); background: #fbfbfc; }
td.text { white-space: normal; overflow-wrap: anywhere; min-width: 9em; }
ul.glance { font-size: 15px; padding-left: 20px; margin: 6px 0 18px; }
ul.glance li { margin: 3px 0; }
figure { margin: 22px 0 34px; padding-top: 14px; border-top: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: 13.5px; margin: 6px 0 0; max-width: 820px; }
.chart { overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; }
.vega-embed { width: 100%; }
ul.warnings { font-size: 13.5px; color: #6b4b00; }
footer {
  margin-top: 48px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line); padding-top: 10px;
}
`;
