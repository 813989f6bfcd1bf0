/**
 * Escaping for every string that came from a trace (policy, model, slice and tag names, prompts) on its
 * way into HTML, an inline JSON script, or Markdown.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON safe inside `<script type="application/json">`: `<` (which could close the script), `>` and `&`
 * become \u escapes, as do the two line separators JavaScript once treated as newlines.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Text safe in a Markdown table cell: markup characters backslash-escaped, and `<`, `>` as entities because
 * most Markdown renderers pass raw HTML through. A `&` is written as `&amp;` only where it would start an
 * entity (`&lt;`, `&#60;`): elsewhere it is plain text in Markdown, and a policy named
 * `cascade:a>b?accept=judge&epsilon=0.1` stays readable in report.md.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|#]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[0-9a-z]+;)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}
