/**
 * Prompt shape features a router can see: length, digits, code markers, question form and script.
 * Each value is in [0, 1] (or close to it), so they sit beside normalised n-gram weights without scaling.
 */
export const STRUCTURE_FEATURES = [
  'log_length',
  'digit_share',
  'code_fence',
  'brace_share',
  'code_keyword',
  'question',
  'script_latin',
  'script_cjk',
  'script_cyrillic',
  'script_other',
] as const;

const QUESTION_START =
  /^\s*(what|who|whom|whose|which|when|where|why|how|is|are|do|does|did|can|could|should|would|will)\b/i;
const CODE_KEYWORD = /\b(def |function |class |import |return |#include|public static|SELECT |=>)/;

/** Writes STRUCTURE_FEATURES.length values for `text` into `out` at `offset`. */
export function structureFeatures(text: string, out: Float32Array, offset: number): void {
  const n = text.length;
  let digits = 0,
    braces = 0,
    latin = 0,
    cjk = 0,
    cyrillic = 0,
    other = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 123 || c === 125 || c === 59) braces++;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f)) latin++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af)) cjk++;
    else if (c >= 0x400 && c <= 0x4ff) cyrillic++;
    else if (c > 0x24f && !(c >= 0x2000 && c <= 0x206f) && !(c >= 0x3000 && c <= 0x303f)) other++;
  }
  const letters = latin + cjk + cyrillic + other;
  const trimmed = text.trimEnd();
  out[offset] = Math.log1p(n) / 10;
  out[offset + 1] = n === 0 ? 0 : digits / n;
  out[offset + 2] = text.includes('```') ? 1 : 0;
  out[offset + 3] = n === 0 ? 0 : Math.min(1, (10 * braces) / n);
  out[offset + 4] = CODE_KEYWORD.test(text) ? 1 : 0;
  out[offset + 5] = trimmed.endsWith('?') || QUESTION_START.test(text) ? 1 : 0;
  out[offset + 6] = letters === 0 ? 0 : latin / letters;
  out[offset + 7] = letters === 0 ? 0 : cjk / letters;
  out[offset + 8] = letters === 0 ? 0 : cyrillic / letters;
  out[offset + 9] = letters === 0 ? 0 : other / letters;
}
