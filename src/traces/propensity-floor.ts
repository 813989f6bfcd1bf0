/**
 * The smallest logged propensity taken at face value. Below it an importance weight 1/p (up to 1e300, or
 * Infinity for subnormals) would let one request outweigh any log, so off-policy estimators clip the weight
 * at 1 / PROPENSITY_FLOOR and count the clipped requests; readers warn about such rows.
 */
export const PROPENSITY_FLOOR = 1e-4;
