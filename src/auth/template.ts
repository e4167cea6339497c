/** Names allowed in `${VAR}`, as OpenClaw reads them. */
const VAR_PATTERN = /\$?\$\{([A-Z_][A-Z0-9_]*)\}/g;

export interface ExpandedTemplate {
  value: string;
  /** Variables the template names that are unset or empty in `env`. */
  missing: string[];
}

/**
 * Expands `${VAR}` references from `env` (`$${VAR}` stays a literal `${VAR}`). Kept here, small,
 * so that resolving a key does not pull in the whole config module.
 */
export function expandKeyTemplate(
  template: string,
  env: Record<string, string | undefined>,
): ExpandedTemplate {
  const missing: string[] = [];
  const value = template.replace(VAR_PATTERN, (match: string, name: string) => {
    if (match.startsWith("$$")) return match.slice(1);
    const found = env[name];
    if (found === undefined || found === "") {
      missing.push(name);
      return "";
    }
    return found;
  });
  return { value, missing };
}
