/**
 * Dictionary codes in name order. Readers hand out codes in order of first appearance, so the same rows
 * shuffled would give other codes — and with them other catalog orders, tie-breaks and rng draws.
 * Sorting the names once at the end of a read makes every code a function of the data alone.
 */
export function sortedCodes(names: readonly string[]): { names: string[]; remap: Int32Array } {
  // Generated traces usually list ids in order already: one pass instead of a sort.
  let sorted = true;
  for (let i = 1; i < names.length && sorted; i++) sorted = compareIds(names[i - 1]!, names[i]!) < 0;
  if (sorted) return { names: [...names], remap: Int32Array.from(names, (_, i) => i) };
  const order = names.map((_, i) => i).sort((a, b) => compareIds(names[a]!, names[b]!));
  const remap = new Int32Array(names.length);
  order.forEach((old, code) => {
    remap[old] = code;
  });
  return { names: order.map((i) => names[i]!), remap };
}

/** Whether a remap from sortedCodes changes no code (the names were in order already). */
export function isIdentity(remap: Int32Array): boolean {
  for (let i = 0; i < remap.length; i++) if (remap[i] !== i) return false;
  return true;
}

/**
 * Code-unit order (locale-free, so the same on every machine), except that runs of digits compare as
 * numbers: "q2" before "q10", as a log's numbered ids are meant to be read.
 */
export function compareIds(a: string, b: string): number {
  let i = 0,
    j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i),
      cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i,
        ej = j;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      // Leading zeros are skipped for the numeric comparison; a longer digit run is a larger number.
      let si = i,
        sj = j;
      while (si < ei - 1 && a.charCodeAt(si) === 48) si++;
      while (sj < ej - 1 && b.charCodeAt(sj) === 48) sj++;
      const byLength = ei - si - (ej - sj);
      if (byLength !== 0) return byLength;
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  const rest = a.length - i - (b.length - j);
  // Equal up to padding ("q01" vs "q1"): plain code-unit order keeps the comparison total.
  return rest !== 0 ? rest : a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
