import { createRng, hashString, type Rng } from '../core/rng.ts';

/**
 * A seeded stream per purpose (`arrivals`, `routing`, `errors:<provider>`, …): adding a provider or a draw
 * elsewhere never shifts another stream, and a provider's draws do not depend on where it sits in the file.
 */
export function stream(seed: number, key: string): Rng {
  return createRng(hashString(key, (seed ^ 0x811c9dc5) >>> 0));
}
