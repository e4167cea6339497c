/**
 * How a program gives a missing key to a runtime or gateway it opened in a way a shell's
 * `openclaw onboard` does not serve: from a config object (no file for the command to go with:
 * its prefix named the made-up path `(the config object given)`, or it had none and stored the key
 * in the shell's state dir) or for another agent than `main` (onboard stores `main`'s keys only,
 * so its command left the program failing the same way). What the program passes comes first:
 * the config object's apiKey, the variable in the `env` it passes.
 */
import { type DetourStanding, keyPlace, onboardCommandFor, replaceKeyFix } from "../auth/index.js";
import { configKeyVariable } from "../auth/key-variable.js";
import type { KeySource, ResolvedModel } from "../catalog/types.js";
import { cliEnvPrefixFor, type Env, resolveConfigPath } from "../config/index.js";

export interface LibraryKeyContext {
  /** The function the program called: `openRuntime` or `startGateway`. */
  opener: string;
  /** It was given a config object. */
  fromObject: boolean;
  /** It was given `env`; otherwise the variables are read from `process.env`. */
  envGiven: boolean;
  /** The environment it reads (for the onboard command's `--auth-choice`). */
  env: Env;
  /**
   * Where a key is stored for it to read: a shell's onboard does, with these words before it
   * (agent `main`), or another agent's directory, which onboard never writes.
   */
  store: { onboardPrefix: string } | { otherAgentDir: string };
}

/**
 * What ends the missing key's hint, after the places it looked: `or pass the key in the config
 * object openRuntime is given (models.providers.moonshot.apiKey), or MOONSHOT_API_KEY in the env
 * openRuntime is given; or run: …openclaw onboard …` (the command only where it stores the key
 * read). An apiKey of `"${MY_KEY}"` has MY_KEY named in place of MOONSHOT_API_KEY.
 */
export function libraryKeyAdvice(model: ResolvedModel, context: LibraryKeyContext): string {
  const ways: string[] = [];
  if (context.fromObject) {
    ways.push(
      `the key in the config object ${context.opener} is given (models.providers.${model.provider}.apiKey)`,
    );
  }
  // The variable the config's apiKey names (`"${MY_KEY}"`) is the one the person meant the key
  // to be in; else the provider's own (MOONSHOT_API_KEY).
  const standard = model.keySources.find((source) => source.kind === "env");
  const variable =
    configKeyVariable(model.keySources)?.variable ??
    (standard?.kind === "env" ? standard.variable : undefined);
  if (variable !== undefined) {
    const where = context.envGiven ? `the env ${context.opener} is given` : "process.env";
    ways.push(`${variable} in ${where}`);
  }
  const profile = model.keySources.find((source) => source.kind === "profile");
  const profileName =
    profile?.kind === "profile" ? `auth profile "${profile.profileId}"` : "an auth profile";
  const onboard = onboardCommandFor(model.baseUrl, context.env) ?? "openclaw onboard";
  const store =
    "onboardPrefix" in context.store
      ? `run: ${context.store.onboardPrefix}${onboard}`
      : `store ${profileName} in ${context.store.otherAgentDir}/auth-profiles.json (updateAuthStore writes it; openclaw onboard stores agent main's keys only)`;
  return ways.length === 0 ? `or ${store}` : `or pass ${ways.join(", or ")}; or ${store}`;
}

/**
 * What to do about a key the provider refused, for a runtime made from a config object or for
 * another agent than `main`: the config and its env are read when `opener` is called (the
 * variables copied then), not when openclaw starts, so a right key there needs a new call;
 * onboard's command carries the state dir's words, as the shell's own state dir is not the one
 * this runtime reads; another agent's key goes in its own auth-profiles.json, which onboard never
 * writes. A stored profile is read again when its file changes, so the next request uses it.
 */
export function libraryRefusedKeyFix(
  model: Pick<ResolvedModel, "baseUrl">,
  source: KeySource,
  context: LibraryKeyContext,
): string {
  const onboard = onboardCommandFor(model.baseUrl, context.env);
  const store =
    "onboardPrefix" in context.store
      ? onboard && `store one with: ${context.store.onboardPrefix}${onboard}`
      : `store one in ${context.store.otherAgentDir}/auth-profiles.json (updateAuthStore writes it; openclaw onboard stores agent main's keys only)`;
  if (source.kind === "profile") {
    // Another agent's profile is in the file it would be stored in: one place, not two.
    if (!("onboardPrefix" in context.store)) {
      return `put the right key in ${keyPlace(source)} of ${context.store.otherAgentDir}/auth-profiles.json (updateAuthStore writes it; openclaw onboard stores agent main's keys only); the next request uses it at once`;
    }
    return `put the right key in ${keyPlace(source)}${store ? `, or ${store}` : ""}; the next request uses it at once`;
  }
  const env = context.envGiven ? `the env ${context.opener} is given` : "process.env";
  // A config file (another agent's runtime) is read when the opener is called too: its places
  // are named as the CLI names them.
  const place =
    source.kind === "env"
      ? source.fromEnvBlock
        ? context.fromObject
          ? `env.${source.variable} of the config object ${context.opener} is given`
          : keyPlace(source)
        : `${source.variable} in ${env}`
      : source.variables.length > 0
        ? `${source.variables.join(", ")} in ${env}`
        : context.fromObject
          ? `the config object ${context.opener} is given, at ${source.path}`
          : source.path;
  return `put the right key in ${place} (read when ${context.opener} is called: call it again with the new one)${store ? `, or ${store}, which the next request uses at once` : ""}`;
}

/**
 * What to do about a key the provider refused, for a gateway that reads a config file (the CLI's,
 * startGateway's without `config`). A key in that file (its apiKey, its `env` block, or an apiKey
 * `${VAR}` whose VAR the block sets) is read again when the file is saved while the gateway
 * watches it (the default), so "read when openclaw starts" sent people to restart for nothing;
 * with `watch: false` it is read at a restart or a `reload()`. A variable of the gateway's
 * environment is the one it started with.
 */
export function gatewayRefusedKeyFix(
  model: Pick<ResolvedModel, "baseUrl" | "provider" | "id">,
  source: KeySource,
  context: {
    reloads: boolean;
    env: Env;
    onboardPrefix: string;
    /** The config file's `env` block (a variable the shell also sets is the shell's). */
    envBlock: Readonly<Record<string, string>>;
    /** When onboard stores the key for another provider: whether that was done already. */
    standing?: DetourStanding;
  },
): string {
  const fromBlock = (name: string) =>
    context.envBlock[name] !== undefined && context.env[name] === context.envBlock[name];
  // `apiKey: "${MYPROXY_KEY}"` with MYPROXY_KEY in the block: the key is the block's line.
  const [only, ...more] = source.kind === "config" ? source.variables : [];
  const said: KeySource =
    only !== undefined && more.length === 0 && fromBlock(only)
      ? { kind: "env", variable: only, fromEnvBlock: true }
      : source;
  return replaceKeyFix(
    model,
    said,
    context.env,
    context.onboardPrefix,
    (read) => {
      const inFile =
        (read.kind === "env" && read.fromEnvBlock === true) ||
        (read.kind === "config" && read.variables.every(fromBlock));
      if (!inFile)
        return "read from the environment the gateway started with: restart it with the new one";
      return context.reloads
        ? "read again when the config file is saved: the gateway picks it up without a restart"
        : "read when the gateway starts: restart it, or call its reload(), after the fix";
    },
    undefined,
    context.standing,
  );
}

/**
 * The words that make a shell's `openclaw onboard` store keys in `stateDir` (none when it already
 * does), naming no config file: the one it writes is not the config object a program was given.
 */
export function stateDirOnboardPrefix(stateDir: string): string {
  const shellConfig = resolveConfigPath({ ...process.env, OPENCLAW_STATE_DIR: stateDir });
  return cliEnvPrefixFor(shellConfig, stateDir).keys;
}
