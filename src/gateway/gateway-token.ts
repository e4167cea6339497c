/**
 * The gateway token: where the running one comes from (the config, the environment, the config's
 * `env` block, or made at start), the auth policy a config asks for, and saving a new token
 * into the config file. Tokens seen here are kept for masking in every log line.
 */
import { isIP } from "node:net";
import { type Env, type LoadedConfig, requireVariables, setConfigValue } from "../config/index.js";
import { OpenClawError } from "../errors.js";
import { type AuthPolicy, isLoopbackHost, MIN_TOKEN_LENGTH, tokenPolicy } from "./auth.js";

/** What `saveToken` did when it saved a gateway token into the config file. */
export interface TokenSaved {
  /** The file as it was before the token was saved into it, when the save rewrote its layout. */
  backupPath: string | undefined;
}

/**
 * Where the running gateway's token came from: `gateway.auth.token` (`config`), the process
 * environment's `OPENCLAW_GATEWAY_TOKEN` (`environment`), the config's `env` block (`env-block`),
 * or made at this start and saved as `gateway.auth.token` (`created`).
 */
export type GatewayTokenSource = "config" | "environment" | "env-block" | "created";

/** The variable a gateway token is read from when `gateway.auth.token` is not set. */
const GATEWAY_TOKEN_VARIABLE = "OPENCLAW_GATEWAY_TOKEN";

/**
 * The gateway token and where it came from: `gateway.auth.token` (its `${VAR}` expanded at load;
 * MissingVariableError when one is not set), else `$OPENCLAW_GATEWAY_TOKEN` read as provider keys
 * are, from the process environment, else from the config's `env` block (the process wins).
 * `processEnv` is the environment the config was loaded with, to tell the two apart.
 */
export function gatewayToken(
  loaded: LoadedConfig,
  processEnv: Env,
): { token: string; source: GatewayTokenSource } | undefined {
  const token = loaded.config.gateway?.auth?.token;
  if (token !== undefined && token.trim() !== "") {
    requireVariables(loaded, "gateway.auth.token");
    return { token, source: "config" };
  }
  const fromEnv = loaded.env[GATEWAY_TOKEN_VARIABLE]?.trim();
  if (!fromEnv) return undefined;
  const own = processEnv[GATEWAY_TOKEN_VARIABLE];
  return { token: fromEnv, source: own && own !== "" ? "environment" : "env-block" };
}

/**
 * Where an `OPENCLAW_GATEWAY_TOKEN` that `gateway.auth.token` overrides was set (the process
 * environment, else the config's `env` block), when it holds another token than the config's:
 * its clients are refused, and the start said only that the token came from the config.
 */
export function overriddenTokenVariable(
  loaded: LoadedConfig,
  processEnv: Env,
): "environment" | "env-block" | undefined {
  const found = gatewayToken(loaded, processEnv);
  if (found?.source !== "config") return undefined;
  const variable = loaded.env[GATEWAY_TOKEN_VARIABLE]?.trim();
  if (!variable || variable === found.token.trim()) return undefined;
  const own = processEnv[GATEWAY_TOKEN_VARIABLE];
  return own !== undefined && own.trim() !== "" ? "environment" : "env-block";
}

/** The gateway token (see gatewayToken), without where it came from. */
export function configuredToken(loaded: LoadedConfig, processEnv: Env): string | undefined {
  return gatewayToken(loaded, processEnv)?.token;
}

/** Gateway tokens seen in this process, masked in every log line. */
export const knownSecrets = new Set<string>();

/** The config opts out of token auth (allowed on loopback only). */
export function authOptedOut(config: LoadedConfig["config"]): boolean {
  const auth = config.gateway?.auth;
  return auth?.mode === "none";
}

/**
 * The auth policy `loaded` asks for on `host`, with where its token came from; `needs-token` when
 * it asks for a token and sets none. `mode: "none"` off loopback refuses.
 */
export function authPolicyFor(
  loaded: LoadedConfig,
  env: Env,
  host: string,
): { policy: AuthPolicy; source?: GatewayTokenSource } | "needs-token" {
  // An unset variable there must not read as "token" (and create one) when "none" was meant.
  requireVariables(loaded, "gateway.auth.mode");
  if (authOptedOut(loaded.config)) {
    if (!isLoopbackHost(host)) {
      throw new OpenClawError(
        "gateway.auth_required",
        `the gateway would listen on ${host} without a token; running without one is allowed on loopback only`,
        {
          where: "gateway.auth.mode",
          hint:
            isIP(host.replace(/^\[|\]$/g, "")) === 0
              ? `set gateway.auth.mode to "token" (a token is created on start), or bind to loopback (127.0.0.1 or ::1): a host name such as ${host} is not taken for loopback, since DNS or /etc/hosts decides the address it stands for`
              : 'set gateway.auth.mode to "token" (a token is created on start), or bind to loopback',
        },
      );
    }
    return { policy: { mode: "none" } };
  }
  const found = gatewayToken(loaded, env);
  if (found === undefined) return "needs-token";
  knownSecrets.add(found.token);
  return { policy: tokenPolicy(found.token), source: found.source };
}

/**
 * Saves a new token as `gateway.auth.token` the way `openclaw config set` does (the file as
 * written edited, validated, replaced atomically, the old one kept as `.bak`). Names the `.bak`
 * when, as config set warns, a file written as JSON5 had to be rewritten as JSON: a plain JSON
 * file (one openclaw wrote) loses nothing.
 */
export function saveToken(configPath: string, token: string): TokenSaved {
  // A provider the config breaks is served without, as at start: it does not stop the save.
  const { rewroteJson5 } = setConfigValue(configPath, "gateway.auth.token", token, {
    providerProblems: "disable",
  });
  return { backupPath: rewroteJson5 ? `${configPath}.bak` : undefined };
}

/**
 * Why a gateway started with a config object and no token cannot create one: a new token is
 * saved in the config file, and there is none; a token no one is shown would refuse every client.
 */
export function tokenNeedsFile(): OpenClawError {
  return new OpenClawError(
    "gateway.token_needs_file",
    "startGateway's config sets no gateway token, and a config given as an object has no file to save a new one in",
    {
      where: "gateway.auth.token",
      hint: `set gateway.auth.token in the config (at least ${MIN_TOKEN_LENGTH} characters) or OPENCLAW_GATEWAY_TOKEN in env; or gateway.auth.mode "none" to listen on loopback without one; or leave config out to use the config file, where a new token is saved`,
    },
  );
}
