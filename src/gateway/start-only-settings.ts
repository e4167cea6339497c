/**
 * Settings the running gateway reads at its start only (port, bind, ledger, limits, timeouts): on
 * reload, which of them the new config changes, said once per value, and which of them name a
 * variable that is not set (this gateway goes on, the next start would fail).
 */
import { DEFAULT_PORT } from "../config/gateway-defaults.js";
import { type LoadedConfig, requireVariables } from "../config/index.js";
import type { Timeouts } from "../providers/types.js";
import { describeFailure } from "./failure-text.js";
import { ledgerLocation } from "./ledger-location.js";
import { DEFAULT_LIMITS, type GatewayLimits } from "./server.js";
import { GATEWAY_TIMEOUTS } from "./start-options.js";

/**
 * Settings the running gateway reads at its start only: a reload that changes one says so (it
 * needs a restart). Everything else in the config (models, aliases, keys, prices, CORS, the token,
 * auth mode, `gateway.limits.drainTimeoutMs`) applies on reload.
 */
export const START_ONLY_SETTINGS = [
  "gateway.port",
  "gateway.bind",
  "gateway.ledger.enabled",
  "gateway.ledger.path",
  "gateway.limits.maxBodyBytes",
  "gateway.limits.maxMessages",
  "gateway.limits.maxConcurrentStreams",
  "gateway.limits.headersTimeoutMs",
  "gateway.limits.requestTimeoutMs",
  "gateway.timeouts.firstByteMs",
  "gateway.timeouts.idleMs",
  "gateway.timeouts.totalMs",
] as const;

/** A start-only setting's value in a config, its default when not set, for comparing two. */
function startSetting(config: LoadedConfig["config"], path: string, stateDir: string): unknown {
  const gateway = config.gateway ?? {};
  if (path === "gateway.port") return gateway.port ?? DEFAULT_PORT;
  if (path === "gateway.bind") return gateway.bind ?? "loopback";
  if (path === "gateway.ledger.enabled") return gateway.ledger?.enabled ?? true;
  if (path === "gateway.ledger.path") return ledgerLocation(config, stateDir);
  if (path.startsWith("gateway.timeouts.")) {
    const key = path.slice("gateway.timeouts.".length) as keyof Timeouts;
    return gateway.timeouts?.[key] ?? GATEWAY_TIMEOUTS[key];
  }
  const key = path.slice("gateway.limits.".length) as keyof NonNullable<typeof gateway.limits>;
  const fallback =
    DEFAULT_LIMITS[
      key === "maxConcurrentStreams" ? "maxConcurrentUpstream" : (key as keyof GatewayLimits)
    ];
  return gateway.limits?.[key] ?? fallback;
}

/**
 * The option that sets a start-only setting of the config when given at start, as `openclaw
 * gateway` takes it (`flag`) and as startGateway does (`option`): a change of the config's value
 * is said to be overridden, in the words of whoever started the gateway. The others are a library
 * caller's own, not told.
 */
const OPTION_OF: Partial<Record<string, OverridingOption>> = {
  "gateway.port": {
    what: "the port",
    flag: "--port",
    option: "port",
    // The port listened on, not the one given: `--port 0` picked a free one.
    keeps: (_given, port) => `keeps serving on port ${port}`,
  },
  "gateway.bind": {
    what: "the address",
    flag: "--bind",
    option: "bind",
    keeps: (given) => `keeps listening on ${JSON.stringify(given)}`,
  },
};

/** An option given at start that overrides a start-only setting of the config. */
interface OverridingOption {
  /** The setting as a person calls it. */
  what: string;
  /** `openclaw gateway`'s option. */
  flag: string;
  /** startGateway's option. */
  option: string;
  /** What this gateway keeps serving with: `given`, the option's value, or `port` listened on. */
  keeps: (given: unknown, port: number) => string;
}

/**
 * The line of a start-only setting changed in the config to `after` while `option` given at
 * start overrides it: what this gateway keeps, the config's new value, and how to use it.
 */
function overriddenLine(
  changed: string,
  path: string,
  after: unknown,
  option: OverridingOption,
  kept: string,
  forProgram: boolean,
): string {
  const now = `${path} is now ${JSON.stringify(after)}`;
  return forProgram
    ? `${changed}, but ${option.what} given at start (startGateway's ${option.option} option) wins over it: this gateway ${kept}; ${now}: to use it, start without ${option.option} in startGateway's options`
    : `${changed}, but ${option.what} given at start (${option.flag}) wins over it: this gateway ${kept}; ${now}: to use it, restart without ${option.flag}`;
}

/**
 * The start-only settings a command-line option or a test overrides (`startGateway`'s `port`,
 * `bind`, `limits`, `timeouts`), each with the value given for it: the config's values of these
 * do not matter.
 */
export function overriddenSettings(
  options: { port?: number; bind?: string; limits?: Partial<GatewayLimits> },
  timeouts: Timeouts,
): Map<string, unknown> {
  const given = new Map<string, unknown>();
  if (options.port !== undefined) given.set("gateway.port", options.port);
  if (options.bind !== undefined) given.set("gateway.bind", options.bind);
  for (const [key, value] of Object.entries(options.limits ?? {})) {
    const path =
      key === "maxConcurrentUpstream"
        ? "gateway.limits.maxConcurrentStreams"
        : `gateway.limits.${key}`;
    given.set(path, value);
  }
  for (const [key, value] of Object.entries(timeouts)) given.set(`gateway.timeouts.${key}`, value);
  return given;
}

/** What a reload's config does to the start-only settings, in the lines the log says. */
export interface StartOnlyReport {
  /** The settings that changed and wait for a restart, each said for the first time. */
  waiting: string[];
  /** One line per setting in `waiting`: its value before and after. */
  restartLines: string[];
  /**
   * One line per setting changed in the config that an option given at start overrides (the
   * port, the address): a restart given the option again keeps it, so no restart applies it.
   */
  overriddenLines: string[];
  /** One line per start-only setting naming a variable that is not set. */
  unsetWarnings: string[];
}

/**
 * Compares each reload's config with the one the gateway started with (`startConfig`), leaving
 * out the `overridden` settings. A change is said once per value: a later reload for another
 * edit does not say it changed again.
 */
export function startOnlyChanges(
  startConfig: LoadedConfig["config"],
  stateDir: string,
  overridden: ReadonlyMap<string, unknown>,
  /** Started by a program (startGateway's options are named), else by `openclaw gateway`. */
  forProgram = false,
  /** The port the gateway listens on (the one picked for a port 0 given). */
  listeningPort = 0,
): { check(next: LoadedConfig): StartOnlyReport } {
  /** Start-only settings whose change a reload said needs a restart, with the value it said. */
  const restartSaid = new Map<string, string>();
  return {
    check(next) {
      // Values read at start only: one naming an unset variable would stop the next start.
      const unset = new Set<string>();
      const unsetWarnings: string[] = [];
      for (const path of ["gateway.bind", "gateway.ledger.path"]) {
        try {
          requireVariables(next, path);
        } catch (error) {
          unset.add(path);
          unsetWarnings.push(
            `gateway: warning: ${describeFailure(error, `; ${path} is read at start only: this gateway goes on as it is, the next start will fail`)}`,
          );
        }
      }
      const waiting: string[] = [];
      const restartLines: string[] = [];
      const overriddenLines: string[] = [];
      for (const path of START_ONLY_SETTINGS) {
        if (unset.has(path)) continue;
        const option = overridden.has(path) ? OPTION_OF[path] : undefined;
        if (overridden.has(path) && option === undefined) continue;
        const before = startSetting(startConfig, path, stateDir);
        const after = startSetting(next.config, path, stateDir);
        if (JSON.stringify(before) === JSON.stringify(after)) {
          restartSaid.delete(path);
          continue;
        }
        if (restartSaid.get(path) === JSON.stringify(after)) continue;
        // The config now says what the option gave (`--port 28789`, then gateway.port 28789):
        // nothing is overridden, and a start without the option uses the same value.
        if (
          option !== undefined &&
          JSON.stringify(after) === JSON.stringify(overridden.get(path))
        ) {
          restartSaid.delete(path);
          continue;
        }
        restartSaid.set(path, JSON.stringify(after));
        if (option !== undefined) {
          const changed = `gateway: ${path} changed in the config (${JSON.stringify(before)} → ${JSON.stringify(after)})`;
          const kept = option.keeps(overridden.get(path), listeningPort);
          overriddenLines.push(overriddenLine(changed, path, after, option, kept, forProgram));
          continue;
        }
        waiting.push(path);
        restartLines.push(
          `gateway: ${path} changed (${JSON.stringify(before)} → ${JSON.stringify(after)}): restart the gateway to apply it; until then it runs with ${JSON.stringify(before)}`,
        );
      }
      return { waiting, restartLines, overriddenLines, unsetWarnings };
    },
  };
}
