/**
 * `config set models.providers.moonshot.apiKey sk-new` after onboarding: the stored profile
 * `moonshot:default` comes first in the key order, so the key just written is never sent. Said at
 * once, with the source that wins and what to run to use the new key, since otherwise only
 * `models status` shows it. Keys appear only masked (`sk-…0002`).
 */
import { readFileSync } from "node:fs";
import {
  authStorePath,
  createTargetKeyResolver,
  emptyAuthStore,
  type KeyTarget,
  keyPlace,
  onboardCommandFor,
  onboardDetour,
  type ResolvedKey,
} from "../auth/index.js";
import type { Catalog, CatalogProvider, KeySource } from "../catalog/index.js";
import type { PathSegment } from "../config/index.js";
import { keyTargetFor } from "../onboard/key-targets.js";
import { jsonKeyLine } from "../util/json-scan.js";

/** A provider's `apiKey` that an edit wrote and that an earlier source keeps from being used. */
export interface KeyNotUsed {
  provider: string;
  /** The dotted path written: `models.providers.moonshot.apiKey`. */
  path: string;
  /** The key written there, masked. */
  key: string;
  /** Where the key in use is read from: `auth profile "moonshot:default" (…/auth-profiles.json:4)`. */
  winningSource: string;
  /** The key in use, masked. */
  winningKey: string;
  /** What to do to have the written key used instead. */
  fix: string;
  /** The whole warning, as printed. */
  message: string;
}

export interface KeyNotUsedContext {
  catalog: Catalog;
  /** Directory holding `auth-profiles.json`. */
  agentDir: string;
  /** Effective environment: the shell's over the config's `env` block. */
  env: Record<string, string | undefined>;
  /** The config as written, to tell `env.X` from `env.vars.X` in a fix. */
  written: unknown;
}

/**
 * The providers whose `apiKey` the edit at `segments` wrote (it, or an object holding it), or
 * whose variable it wrote in the config's `env` block (`env.X`, `env.vars.X`), and that take
 * their key from an earlier source holding another key.
 */
export function keysNotUsed(
  segments: readonly PathSegment[],
  context: KeyNotUsedContext,
): KeyNotUsed[] {
  const variable = envBlockVariable(segments);
  return [...context.catalog.providers.values()].flatMap((provider) => {
    if (provider.configPath === undefined) return [];
    const target = keyTargetFor(context.catalog, provider.id);
    const written =
      variable === undefined
        ? apiKeyWritten(provider, target, segments, context)
        : envBlockWritten(provider, variable, context);
    const found = written && notUsedKey(provider, target, written, context);
    return found ? [found] : [];
  });
}

/** A key an edit wrote where a provider may read it, resolved on its own. */
interface WrittenKey {
  /** The dotted path written. */
  path: string;
  /** The key written, resolved alone: undefined when it is no usable key. */
  own: ResolvedKey | undefined;
  /** What the winning source comes before in the key order: `apiKey`, `the config's env block`. */
  after: string;
}

/** The variable `env.X` or `env.vars.X` names. */
function envBlockVariable(segments: readonly PathSegment[]): string | undefined {
  const [first, second, third] = segments;
  if (first !== "env" || segments.length > 3) return undefined;
  const variable = segments.length === 2 ? second : second === "vars" ? third : undefined;
  return typeof variable === "string" ? variable : undefined;
}

function apiKeyWritten(
  provider: CatalogProvider,
  target: KeyTarget,
  segments: readonly PathSegment[],
  context: KeyNotUsedContext,
): WrittenKey | undefined {
  if (provider.apiKeyTemplate === undefined) return undefined;
  const apiKeyPath = ["models", "providers", provider.id, "apiKey"];
  if (!segments.every((segment, index) => apiKeyPath[index] === segment)) return undefined;
  const written = target.keySources.find((source) => source.kind === "config");
  if (written?.kind !== "config") return undefined;
  const own = resolvedAlone(provider.id, written, context.env);
  return { path: written.path, own, after: "apiKey" };
}

/** The block's value of `variable`, for a provider that reads it. */
function envBlockWritten(
  provider: CatalogProvider,
  variable: string,
  context: KeyNotUsedContext,
): WrittenKey | undefined {
  const reads = provider.envVar === variable || provider.envVarAlternates.includes(variable);
  const path = envBlockPath(context.written, variable);
  const value = envBlockValue(context.written, path);
  if (!reads || value === undefined) return undefined;
  const own = resolvedAlone(
    provider.id,
    { kind: "env", variable, fromEnvBlock: true },
    { [variable]: value },
  );
  return { path, own, after: "the config's env block" };
}

/** `source` as the only place of a key, read in `env`: undefined when it holds no usable key. */
function resolvedAlone(
  provider: string,
  source: KeySource,
  env: Record<string, string | undefined>,
): ResolvedKey | undefined {
  const alone: KeyTarget = { provider, keySources: [source] };
  return createTargetKeyResolver({ store: emptyAuthStore(), env })(alone);
}

function notUsedKey(
  provider: CatalogProvider,
  target: KeyTarget,
  written: WrittenKey,
  context: KeyNotUsedContext,
): KeyNotUsed | undefined {
  const { own } = written;
  let winner: ResolvedKey | undefined;
  try {
    winner = createTargetKeyResolver({ agentDir: context.agentDir, env: context.env })(target);
  } catch {
    // A credential store that cannot be read is reported where keys are used.
    return undefined;
  }
  // The written key is no usable key (its own warnings say why), or it is what is used.
  if (!winner || !own || winner.source.kind === "config") return undefined;
  // `apiKey: "${MOONSHOT_API_KEY}"` beside that variable, or the same key in the profile: used.
  if (winner.fingerprint === own.fingerprint) return undefined;
  const winningSource = describeWinner(winner.source, context);
  const fix = fixFor(provider, winner.source, written, context);
  const message =
    `${written.path} (${own.masked}) is not used: ${provider.id} takes its key from ` +
    `${winningSource} (${winner.masked}), which comes before ${written.after} in the key order; ` +
    `to use the new key, ${fix}`;
  return {
    provider: provider.id,
    path: written.path,
    key: own.masked,
    winningSource,
    winningKey: winner.masked,
    fix,
    message,
  };
}

/**
 * `auth profile "moonshot:default" in /…/auth-profiles.json:4`, `$MOONSHOT_API_KEY`, `the
 * config's env.vars.MOONSHOT_API_KEY`.
 */
function describeWinner(source: KeySource, context: KeyNotUsedContext): string {
  if (source.kind === "env" && source.fromEnvBlock)
    return `the config's ${envBlockPath(context.written, source.variable)}`;
  if (source.kind === "env") return `${keyPlace(source)} from the shell`;
  if (source.kind !== "profile") return keyPlace(source);
  return `${keyPlace(source)} in ${profilePlace(context.agentDir, source.profileId)}`;
}

/** `file:line` of a profile in the credential store; the file alone when no line is found. */
function profilePlace(agentDir: string, profileId: string): string {
  const file = authStorePath(agentDir);
  try {
    const line = jsonKeyLine(readFileSync(file, "utf8"), ["profiles", profileId]);
    return line === undefined ? file : `${file}:${line}`;
  } catch {
    return file;
  }
}

function fixFor(
  provider: CatalogProvider,
  source: KeySource,
  written: WrittenKey,
  context: KeyNotUsedContext,
): string {
  if (source.kind === "profile") {
    const file = authStorePath(context.agentDir);
    const remove = `delete "${source.profileId}" from ${file} so that ${written.after} is used`;
    // Onboarding rewrites `<provider>:default` only, and only for a provider it stores keys for.
    const onboard =
      source.profileId === `${provider.id}:default` &&
      !onboardDetour(provider.id, provider.baseUrl, context.env)
        ? onboardCommandFor(provider.baseUrl, context.env)
        : undefined;
    return onboard
      ? `store it in the profile with: ${onboard} (it asks for the key); or ${remove}`
      : remove;
  }
  if (source.kind === "env" && source.fromEnvBlock) {
    return `remove the config's variable with: openclaw config unset ${envBlockPath(context.written, source.variable)}`;
  }
  if (source.kind === "env") {
    return `unset ${source.variable} (and remove it where it is exported, such as ~/.profile), or export the new key in it instead`;
  }
  return "";
}

/** The value the config's `env` block writes at `path` (`env.X`, `env.vars.X`). */
function envBlockValue(written: unknown, path: string): string | undefined {
  let node: unknown = written;
  for (const key of path.split(".")) node = isRecord(node) ? node[key] : undefined;
  return typeof node === "string" ? node : undefined;
}

/** `env.vars.X` when the config's `env` block writes the variable there, else `env.X`. */
function envBlockPath(written: unknown, variable: string): string {
  const env = isRecord(written) ? written.env : undefined;
  const vars = isRecord(env) ? env.vars : undefined;
  return isRecord(vars) && Object.hasOwn(vars, variable)
    ? `env.vars.${variable}`
    : `env.${variable}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
