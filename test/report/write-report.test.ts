import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/write-report.ts';
import { REPORT_CSP } from '../../src/report/html/html.ts';
import { escapeHtml, escapeMarkdown, jsonForScript } from '../../src/report/html/escape.ts';
import { bestPolicyPerBudget, budgetTable } from '../../src/report/tables/budget-table.ts';
import { IMG_XSS, SCRIPT_XSS, allInputs, hostileInputs, replay } from './fixtures.ts';

const tmp = () => mkdtemp(join(tmpdir(), 'routelab-report-'));
const LEARNED = 'learned:models/drift';
const CASCADE = 'cascade:gpt-3.5-turbo-0613>gpt-4-0314?accept=judge&epsilon=0.1&threshold=0.5';

describe('writeReport', () => {
  it('writes report.html, report.md and three files per chart, and nothing else', async () => {
    const dir = await tmp();
    const { files, html } = await writeReport(allInputs(), dir);
    expect(html).toBe(join(dir, 'report.html'));
    expect((await readdir(dir)).sort()).toEqual(files.map((f) => f.slice(dir.length + 1)).sort());
    expect(files).toHaveLength(2 + 10 * 3);
  });

  it('gives byte-identical files for the same inputs', async () => {
    const [a, b] = [await tmp(), await tmp()];
    await writeReport(allInputs(), a);
    await writeReport(allInputs(), b);
    for (const name of await readdir(a)) {
      expect(Buffer.compare(await readFile(join(a, name)), await readFile(join(b, name))), name).toBe(0);
    }
  });

  it('puts the budget table before the charts and the per-slice tables after them', async () => {
    const html = await readFile((await writeReport(allInputs(), await tmp())).html, 'utf8');
    const at = (s: string) => html.indexOf(s);
    expect(at('Which policy should I ship for my budget?')).toBeGreaterThan(0);
    expect(at('Which policy should I ship for my budget?')).toBeLessThan(at('id="chart-cost-quality"'));
    expect(at('id="chart-reliability"')).toBeLessThan(at('<section id="slices">'));
  });

  it('makes no network request: CSP forbids it and no src or href points outside the file', async () => {
    const html = await readFile((await writeReport(allInputs(), await tmp())).html, 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(REPORT_CSP).not.toContain('unsafe-eval');
    expect(html).not.toMatch(/\s(src|href|action|poster|data)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
  });

  it('escapes policy, model, slice and tag names in HTML, inline JSON and Markdown', async () => {
    const dir = await tmp();
    const { html } = await writeReport(hostileInputs(), dir);
    const page = await readFile(html, 'utf8');
    const md = await readFile(join(dir, 'report.md'), 'utf8');
    // The inlined libraries contain HTML templates of their own (vega-tooltip's image tooltip); check the rest.
    const ours = page.replace(/<script>[\s\S]*?<\/script>/g, '');
    for (const text of [ours, md]) {
      expect(text).not.toContain(SCRIPT_XSS);
      expect(text).not.toContain(IMG_XSS);
      expect(text).not.toMatch(/<img/i);
    }
    expect(page).toContain(escapeHtml(SCRIPT_XSS)); // shown as text in the tables
    expect(page).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e'); // and inside the specs
    // Only our own script elements: 4 libraries, the bootstrap, and one JSON spec per chart.
    expect(page.match(/<script/gi)).toHaveLength(5 + 10);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('refuses to write an empty report', async () => {
    await expect(writeReport({}, await tmp())).rejects.toThrow(
      'report: expected at least one replay, sweep, simulation or calibration results file, got none',
    );
  });
});

describe('bestPolicyPerBudget', () => {
  it('lists, for each frontier cost, the best shippable run that fits it', () => {
    // (USD / 1k, quality): 0301 (0.917, 0.450), 0613 (1.42, 0.606), weighted (8.71, 0.655), learned (35.3,
    // 0.836). The oracle is not shippable, nor the cascade (a simulated judge); random (9.63, 0.586) is beaten
    // by weighted; best-prior (35.8, 0.834) and always:gpt-4-0314 (the same point) by learned.
    expect(bestPolicyPerBudget(replay()).map((c) => [c.policy, c.kind])).toEqual([
      ['always:gpt-3.5-turbo-0301', 'single'],
      ['always:gpt-3.5-turbo-0613', 'single'],
      ['weighted:gpt-3.5-turbo-0613=0.8,gpt-4-0314=0.2', 'policy'],
      [LEARNED, 'policy'],
    ]);
  });

  it('never recommends a run with unsupported decisions, and says why it left it out', () => {
    // learned tops the frontier above; with 3 unsupported requests its quality covers only part of the
    // traffic, so best-prior takes its place and the note names it.
    const r = replay();
    const patched = {
      ...r,
      runs: r.runs.map((run) => (run.policy === LEARNED ? { ...run, unsupported: 3 } : run)),
    };
    expect(bestPolicyPerBudget(patched).map((c) => c.policy)).toEqual([
      'always:gpt-3.5-turbo-0301',
      'always:gpt-3.5-turbo-0613',
      'weighted:gpt-3.5-turbo-0613=0.8,gpt-4-0314=0.2',
      'best-prior',
    ]);
    expect(budgetTable(patched).note).toContain(`${LEARNED} (3)`);
  });

  it('never recommends a simulated judge, and says so', () => {
    expect(bestPolicyPerBudget(replay()).map((c) => c.policy)).not.toContain(CASCADE);
    expect(budgetTable(replay()).note).toContain(`${CASCADE} (error rate 0.1)`);
  });
});

describe('escaping helpers', () => {
  it.each([
    ['<b>"x" & \'y\'</b>', '&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;'],
    ['plain', 'plain'],
  ])('escapeHtml(%j) is %j', (input, out) => expect(escapeHtml(input)).toBe(out));

  it('keeps inline JSON parseable while removing every "<", ">" and "&"', () => {
    const value = { name: `</script>${IMG_XSS}&\u2028` };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it.each([
    ['a|b', 'a\\|b'],
    ['<img src=x>', '&lt;img src=x&gt;'],
    ['*bold* [link](x)', '\\*bold\\* \\[link\\](x)'],
    ['line\nbreak', 'line break'],
    // Before, every "&" became "&amp;" and report.md showed "accept=judge&amp;epsilon=0.1".
    ['accept=judge&epsilon=0.1', 'accept=judge&epsilon=0.1'],
    ['a & b', 'a & b'],
    ['&lt; &#60; &#x3c;', '&amp;lt; &\\#60; &\\#x3c;'], // "#" is backslash-escaped: no entity either
  ])('escapeMarkdown(%j) is %j', (input, out) => expect(escapeMarkdown(input)).toBe(out));
});
