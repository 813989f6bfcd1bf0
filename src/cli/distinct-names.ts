/** Runs are keyed by name in results, frontiers and reports, so two runs must never share one. */

export interface Renamed {
  readonly from: string;
  readonly to: string;
}

/**
 * The policies with every repeated name suffixed ` #2`, ` #3`, … (in order of appearance) and the list of
 * renames, for the CLI to say. A renamed policy inherits from the original, so its methods and state are kept.
 */
export function distinctNames<P extends { readonly name: string }>(
  policies: readonly P[],
): { policies: P[]; renamed: Renamed[] } {
  const taken = new Set(policies.map((p) => p.name));
  const seen = new Set<string>();
  const renamed: Renamed[] = [];
  const out = policies.map((p) => {
    if (!seen.has(p.name)) {
      seen.add(p.name);
      return p;
    }
    let k = 2;
    while (taken.has(`${p.name} #${k}`)) k++;
    const to = `${p.name} #${k}`;
    taken.add(to);
    renamed.push({ from: p.name, to });
    return Object.create(p, { name: { value: to, enumerable: true } }) as P;
  });
  return { policies: out, renamed };
}
