/**
 * State that many policy instances may share: a sweep makes one policy per point through `makePolicy(spec)`
 * (evaluate/ never reaches into policies/), so a policy that learns from the training trace — knn's index of
 * training prompts, its neighbours of each replayed prompt — would rebuild it at every point. Keyed by an
 * object the instances all see (the training trace), so the entry lives exactly as long as that object: no
 * global registry to clear, no stale entry for a trace that is gone.
 */
const caches = new WeakMap<object, Map<string, unknown>>();

/** The value stored for (`owner`, `key`), made by `make` the first time it is asked for. */
export function sharedValue<T>(owner: object, key: string, make: () => T): T {
  let byKey = caches.get(owner);
  if (!byKey) {
    byKey = new Map();
    caches.set(owner, byKey);
  }
  if (!byKey.has(key)) byKey.set(key, make());
  return byKey.get(key) as T;
}
