/**
 * USD amounts as JSON output shows them. Costs are sums of products of token counts and prices
 * per million, so binary floating point leaves noise in the last digits
 * (`0.00047999999999999996`, `2.9999999999999997e-05`). Sums keep full precision; only what is
 * printed is rounded, here, to significant digits so that the cost of a single small request
 * (`0.0000066`) keeps its precision.
 */

/** Far below a cent at any amount, far above the noise (which starts at the 16th digit). */
const SIGNIFICANT_DIGITS = 10;

/** `amount` rounded to 10 significant digits: `0.00047999999999999996` is `0.00048`. */
export function roundUsd(amount: number): number {
  if (amount === 0 || !Number.isFinite(amount)) return amount;
  return Number(amount.toPrecision(SIGNIFICANT_DIGITS));
}

/** A cost breakdown (`{ input, output, cacheRead, cacheWrite, total }`) with each amount rounded. */
export function roundUsdFields<T extends Record<keyof T, number>>(cost: T): T {
  const out = { ...cost };
  for (const key of Object.keys(out) as Array<keyof T>) out[key] = roundUsd(out[key]) as T[keyof T];
  return out;
}
