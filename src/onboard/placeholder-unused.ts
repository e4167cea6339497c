/**
 * Whether a placeholder key written in the config (the docs' `sk-...`) is used at all: after the
 * page's snippet is pasted and `openclaw onboard` run, the key comes from the credential store and
 * the placeholder is left over. Its warning then says so, instead of advising the onboarding
 * that was already done.
 */
import { inspectKeySources, type KeySourceStatus, ownOnboardCommand } from "../auth/index.js";
import type { Catalog } from "../catalog/index.js";
import type { PathSegment } from "../config/index.js";
import { keyTargetFor } from "./key-targets.js";

/**
 * For the config path of a placeholder (`env.MOONSHOT_API_KEY`, `env.vars.…`,
 * `models.providers.<id>.apiKey`): the hint when every configured provider that reads it has a
 * key from another source; undefined while one of them would need it.
 */
export function placeholderUnusedHint(
  catalog: Catalog,
  options: { agentDir: string; env: Record<string, string | undefined> },
): (path: readonly PathSegment[]) => string | undefined {
  return (path) => {
    const readers = providersReading(catalog, path);
    if (readers.length === 0) return undefined;
    const used: string[] = [];
    for (const providerId of readers) {
      const winner = keySourceInUse(catalog, providerId, options);
      if (!winner) return undefined;
      // The same variable, set although the env block's value is the placeholder: the shell's
      // (the block fills in only what the process lacks).
      const variable = winner.source.kind === "env" ? winner.source.variable : undefined;
      const shells = variable !== undefined && path[0] === "env" && path.at(-1) === variable;
      used.push(`${providerId} uses ${shells ? `$${variable} from the shell` : winner.label}`);
    }
    return `it is not used (${used.join("; ")}): delete it, or put your own key there`;
  };
}

/**
 * For the config path of a placeholder: the onboard command that stores the key of the
 * providers reading it (`openclaw onboard --auth-choice kimi-code-api-key`), when they all take
 * the same one; undefined when none fits (a provider of the user's own, a detour) or they differ.
 */
export function placeholderOnboardCommand(
  catalog: Catalog,
  env: Record<string, string | undefined>,
): (path: readonly PathSegment[]) => string | undefined {
  return (path) => {
    const commands = new Set(
      providersReading(catalog, path).map((id) => {
        const baseUrl = catalog.providers.get(id)?.baseUrl;
        return baseUrl === undefined ? undefined : ownOnboardCommand(id, baseUrl, env);
      }),
    );
    const [only] = commands;
    return commands.size === 1 ? only : undefined;
  };
}

/** The source `providerId` takes its key from; undefined without one (or no store to read). */
function keySourceInUse(
  catalog: Catalog,
  providerId: string,
  options: { agentDir: string; env: Record<string, string | undefined> },
): KeySourceStatus | undefined {
  try {
    return inspectKeySources(keyTargetFor(catalog, providerId), options).find(
      (source) => source.state === "set",
    );
  } catch {
    // A credential store that cannot be read is reported by its own check: the usual hint stands.
    return undefined;
  }
}

/** The configured providers whose key `path` can hold. */
function providersReading(catalog: Catalog, path: readonly PathSegment[]): string[] {
  const configured = [...catalog.providers.values()].filter((p) => p.configPath !== undefined);
  const [first, second, third, fourth] = path;
  if (first === "models" && second === "providers" && fourth === "apiKey" && path.length === 4) {
    return configured.filter((p) => p.id === third).map((p) => p.id);
  }
  const variable =
    first === "env" && path.length === 2
      ? second
      : first === "env" && second === "vars" && path.length === 3
        ? third
        : undefined;
  if (typeof variable !== "string") return [];
  return configured
    .filter((p) => p.envVar === variable || p.envVarAlternates.includes(variable))
    .map((p) => p.id);
}
