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

/**
 * `$NAME` written without braces, as a shell would take it: only `${NAME}` is expanded, so the
 * text stays as written (a token "$GW_TOKEN" is those nine characters). Only where a shell
 * variable would start a word (the value's start, after a space, "/", ":" or "="), so a secret
 * with a "$" inside is not taken for one.
 */
const BARE_REFERENCE = /(?:^|[\s/:=])\$([A-Z_][A-Z0-9_]*)(?![\w{])/g;

/** The names of `value`'s `$NAME` references written without braces (see BARE_REFERENCE). */
export function bareReferences(value: string): string[] {
  return [...value.matchAll(BARE_REFERENCE)].map((match) => match[1] ?? "");
}

/** What a bare `$NAME` is told: it stays as written, and how to write the reference instead. */
export function bareReferenceWords(name: string): { message: string; hint: string } {
  return {
    message: `"$${name}" is not expanded: only \${${name}} is, so the text stays as written`,
    hint: `write \${${name}} (on a command line in single quotes: '\${${name}}')`,
  };
}
