/**
 * Few-shot prompts repeat the same long instructions and examples before the actual question; hashed
 * n-grams of that shared part carry no signal but dominate the vector. The featuriser strips the
 * prefix shared by (almost) all training prompts of a task — fitted on the training split only — or
 * keeps only the last N characters when the user asks for it.
 */

/** Shorter shared prefixes (e.g. "Question: ") are left alone: stripping them gains nothing. */
export const MIN_PREFIX_CHARS = 32;

/**
 * Longest prefix shared by at least `minShare` of `prompts`, or '' when shorter than MIN_PREFIX_CHARS.
 * Greedy per character: keep the most common next character while enough prompts still share it.
 */
export function commonPrefix(prompts: readonly string[], minShare = 0.9): string {
  const need = Math.ceil(prompts.length * minShare);
  if (prompts.length === 0 || need === 0) return '';
  let alive = prompts.slice();
  let pos = 0;
  for (;;) {
    const counts = new Map<number, number>();
    for (const p of alive) if (pos < p.length) counts.set(p.charCodeAt(pos), (counts.get(p.charCodeAt(pos)) ?? 0) + 1);
    let best = -1,
      bestCount = 0;
    // Ties go to the smaller code unit so the result does not depend on map order.
    for (const [c, k] of counts)
      if (k > bestCount || (k === bestCount && c < best)) {
        best = c;
        bestCount = k;
      }
    if (bestCount < need) break;
    alive = alive.filter((p) => p.charCodeAt(pos) === best);
    pos++;
  }
  const prefix = alive[0]?.slice(0, pos) ?? '';
  return prefix.length >= MIN_PREFIX_CHARS ? prefix : '';
}

/** The part of a prompt that is featurised: without its task's shared prefix, then the tail if asked. */
export function promptPart(prompt: string, prefix: string, tailChars: number | undefined): string {
  let text = prefix !== '' && prompt.startsWith(prefix) ? prompt.slice(prefix.length) : prompt;
  if (tailChars !== undefined && text.length > tailChars) text = text.slice(text.length - tailChars);
  return text;
}
