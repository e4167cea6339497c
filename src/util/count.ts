/**
 * A count as people read it in text: thousands separated (`131,072`), whatever the machine's
 * locale, so a token count reads the same in the CLI, the runtime's errors and the gateway's
 * notes. Numbers in JSON stay numbers.
 */

const wholeNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** `7`, `1,204`, `131,072`. */
export function count(n: number): string {
  return wholeNumber.format(n);
}
