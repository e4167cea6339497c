/**
 * `${name}` text that is not a variable reference: names are uppercase (`[A-Z_][A-Z0-9_]*`), so
 * `${kc_base}` is not expanded and stays in the value as written. Pure.
 */
const REFERENCE = /(\$?)\$\{([^}]*)\}/g;
const NAME = /^[A-Z_][A-Z0-9_]*$/;

/** The names in `${...}` of `value` that are not variable names (escaped `$${X}` excluded). */
export function notReferences(value: string): string[] {
  const out: string[] = [];
  for (const match of value.matchAll(REFERENCE)) {
    if (match[1] === "$") continue; // `$${X}` is written to mean `${X}` literally
    if (!NAME.test(match[2] ?? "")) out.push(match[2] ?? "");
  }
  return out;
}

/** What to write instead of `${name}`: its uppercase form, when that is a variable name. */
export function referenceNameHint(name: string): string {
  const upper = name.trim().toUpperCase();
  return NAME.test(upper)
    ? `variable names in \${...} are uppercase letters, digits and _: write \${${upper}} (and set ${upper})`
    : "variable names in ${...} are uppercase letters, digits and _, starting with a letter or _";
}
