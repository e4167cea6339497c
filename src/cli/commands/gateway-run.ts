/** `openclaw gateway`, the part that runs: loaded lazily so that `--help` stays fast. */
import {
  formatOrigin,
  type LoadedConfig,
  locateConfigValue,
  resolveConfigPath,
  resolveStateDir,
} from "../../config/index.js";
import { isOpenClawError, OpenClawError } from "../../errors.js";
import {
  type LedgerRow,
  leaveRunningNote,
  otherRunningGateways,
  type RouteRefusal,
  type RunningGateway,
  startGateway,
} from "../../gateway/index.js";
import { modelsContextOf, modelsStatus, openModelsContext } from "../../onboard/index.js";
import type { RetiredOffer } from "../../onboard/retired-chain.js";
import { defaultTransports } from "../../runtime/index.js";
import { closestMatches } from "../../util/suggest.js";
import { type GatewayReporter, jsonReporter, textReporter } from "./gateway-report.js";
import { type DefaultChainKeys, keylessReloadLines } from "./keyless-reload.js";
import { newRetiredLines, retiredOffersOf } from "./retired-offers.js";

/**
 * A --bind that is no address of this machine is a usage mistake (exit 2), with the keyword it
 * was probably meant to be (`lann` → `lan`); the same in gateway.bind stays a failure of the
 * config (exit 1).
 */
function bindArgumentError(error: unknown, bind: string): unknown {
  if (!isOpenClawError(error) || error.code !== "gateway.bad_bind") return error;
  const [near] = closestMatches(bind.trim(), BIND_KEYWORDS, 1);
  return new OpenClawError(error.code, error.message, {
    hint: near ? `did you mean --bind ${near}? ${error.hint ?? ""}`.trim() : (error.hint ?? ""),
    cause: error,
    exitCode: 2,
  });
}

const BIND_KEYWORDS = ["loopback", "lan"];

/**
 * A port in use that came from gateway.port (no --port given): the error says so, with where the
 * config sets it and how to change it there, as one from gateway.bind names that key. The hint
 * offered --port alone, and a restart without it hit the same port again.
 */
function configPortInUseError(error: unknown): unknown {
  if (!isOpenClawError(error) || error.code !== "gateway.port_in_use") return error;
  const origin = locateConfigValue(resolveConfigPath(process.env), ["gateway", "port"]);
  if (origin === undefined) return error;
  const change = `it comes from gateway.port (${formatOrigin(origin)}); to change it there: openclaw config set gateway.port <n>`;
  return new OpenClawError(error.code, error.message, {
    where: "gateway.port",
    hint: error.hint ? `${error.hint}; ${change}` : change,
    cause: error,
  });
}

/**
 * The default chain's members without a usable key ahead of the one that answers, as `doctor`
 * and `models status` say them (same words, same file:line): requests pass over them in silence.
 * Undefined when the config cannot be read as `models status` reads it.
 */
function defaultChainKeys(served?: LoadedConfig): DefaultChainKeys | undefined {
  try {
    // The config the gateway serves, when told: the file may be broken while the last good one serves.
    const context = served ? modelsContextOf(served, process.env) : openModelsContext(process.env);
    const status = modelsStatus(context, context.authStorePath);
    return {
      keyless: status.keyless,
      chain: status.chain,
      keyed: new Set(
        status.providers
          .filter((provider) => !provider.keyRequired || provider.active !== undefined)
          .map((provider) => provider.provider),
      ),
    };
  } catch {
    // The gateway started on this config: what it could not say here, doctor says.
    return undefined;
  }
}

/**
 * Leaves the gateway's running note (pid, address, port, start time) in the state directory for
 * `openclaw doctor`, removed as the process exits, however it exits but by SIGKILL or a crash
 * (which the note's readers see through). A state directory it cannot write to only costs doctor
 * its view of this gateway: said, and the gateway serves on.
 */
function leaveNoteForDoctor(gateway: RunningGateway, log: (line: string) => void): void {
  const stateDir = resolveStateDir(process.env);
  try {
    const remove = leaveRunningNote(stateDir, {
      host: gateway.host,
      port: gateway.port,
      configPath: gateway.configPath,
      startedAt: new Date().toISOString(),
    });
    process.once("exit", () => {
      try {
        remove();
      } catch {
        // Exiting: a note left behind is told stale by its readers.
      }
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    log(
      `gateway: warning: could not leave a note of this gateway (pid ${process.pid}, port ${gateway.port}) in ${stateDir} for openclaw doctor: ${why}`,
    );
  }
}

/** How long a gateway's /healthz may take to answer when a start asks who else serves its config. */
const OTHER_GATEWAY_CHECK_MS = 1_000;

/**
 * Says each other gateway that serves this config from this state directory (a service's and one
 * started by hand with --port, say): both write one usage ledger, and a person who meant to
 * restart the first is told it still runs.
 */
async function sayOtherGateways(
  gateway: RunningGateway,
  log: (line: string) => void,
): Promise<void> {
  const others = await otherRunningGateways(
    resolveStateDir(process.env),
    gateway.configPath,
    OTHER_GATEWAY_CHECK_MS,
  );
  const ledger = gateway.ledgerPath
    ? `; both write the usage ledger ${gateway.ledgerPath}, and openclaw usage counts the requests of both`
    : "";
  for (const other of others)
    log(
      `gateway: another openclaw gateway (pid ${other.pid}) serves this config too, on ${other.host}:${other.port}${ledger}`,
    );
}

/** How long a second signal waits for the ledger to be written before exiting anyway. */
const STOP_NOW_MS = 5_000;

export async function runGatewayCommand(input: {
  port: number | undefined;
  bind: string | undefined;
  json: boolean;
  logRequests: boolean;
}): Promise<void> {
  const report: GatewayReporter = input.json ? jsonReporter() : textReporter();
  /** The keyless members last said (at start, then at each reload): a reload says what changed. */
  let chainKeys: DefaultChainKeys | undefined;
  /** The retired ids the config offers, as last said: a reload says only the new ones. */
  let retiredOffers: RetiredOffer[] | undefined;
  const sayKeylessChanges = (served: LoadedConfig) => {
    // Before "listening", the start-up report says the state as it is then.
    if (chainKeys === undefined) return;
    const offers = retiredOffers && retiredOffersOf(served);
    if (retiredOffers && offers) {
      for (const line of newRetiredLines(retiredOffers, offers))
        report.log(`gateway: warning: ${line}`);
      retiredOffers = offers;
    }
    const now = defaultChainKeys(served);
    if (now === undefined) return;
    for (const line of keylessReloadLines(chainKeys, now)) report.log(line);
    chainKeys = now;
  };
  const gateway = await startGateway(
    {
      ...(input.port !== undefined ? { port: input.port } : {}),
      ...(input.bind !== undefined ? { bind: input.bind } : {}),
      transports: await defaultTransports(),
      log: (line) => report.log(line),
      announceToken: (token, configPath, saved) =>
        report.tokenCreated(token, configPath, saved?.backupPath),
      ...(input.logRequests
        ? {
            onRequestFinished: (row: LedgerRow) => report.request(row),
            // A client with a wrong base URL may show only "HTTP 404": the operator sees the path.
            onRouteRefused: (refusal: RouteRefusal) => report.routeRefused(refusal),
          }
        : {}),
      onDiscovery: (discovered) => report.discovery(discovered),
      onReloaded: sayKeylessChanges,
    },
    { logReloadFailed: (line, fields) => report.log(line, fields) },
  ).catch((error: unknown) => {
    const told = input.port === undefined ? configPortInUseError(error) : error;
    throw input.bind === undefined ? told : bindArgumentError(told, input.bind);
  });
  leaveNoteForDoctor(gateway, (line) => report.log(line));
  // Signal handlers go in before "listening" is printed: a supervisor may signal right after it.
  // The process ends by an explicit exit once "stopped" is printed: left to end on its own, Node
  // tears down for a moment with the handlers gone, and a signal then killed it (exit 143).
  const hasLedger = gateway.ledger !== undefined;
  let stopping = false;
  let signalsAfter = 0;
  /** Set by whichever ends first, the drain or a second signal's stop: the other says nothing. */
  let finished = false;
  let giveUp: NodeJS.Timeout | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (finished) return;
    if (stopping) {
      // A hangup comes more than once (the kernel, the shell and the terminal each send one):
      // not someone asking to hurry, so the drain goes on. Ctrl-C or SIGTERM still hurries it.
      if (signal === "SIGHUP") return;
      signalsAfter++;
      // A third signal: out at once, whatever is still being written.
      if (signalsAfter > 1) process.exit(1);
      // The second: cancel what still runs (each gets its ledger row), write every queued row,
      // then exit 1. Bounded, in case the disk hangs.
      report.exitingNow(signal, gateway.server.activeRequests(), hasLedger);
      giveUp = setTimeout(() => {
        report.stoppedNow(undefined, hasLedger);
        process.exit(1);
      }, STOP_NOW_MS);
      void gateway.stopNow().then(
        (result) => {
          if (finished) return;
          finished = true;
          clearTimeout(giveUp);
          report.stoppedNow(result, hasLedger);
          process.exit(1);
        },
        (error: unknown) => {
          if (finished) return;
          finished = true;
          clearTimeout(giveUp);
          report.stopFailed(error instanceof Error ? error.message : String(error));
          process.exit(1);
        },
      );
      return;
    }
    stopping = true;
    report.draining(signal, gateway.server.activeRequests(), gateway.drainMs);
    gateway
      .close()
      .then(({ cancelled }) => {
        // The drain ended on its own (every row written) before a second signal's stop did.
        if (finished) return;
        finished = true;
        clearTimeout(giveUp);
        const ledger = gateway.ledger;
        report.stopped(cancelled, ledger ? ledger.recorded - ledger.written : undefined);
        process.exit(0);
      })
      .catch((error: unknown) => {
        if (finished) return;
        finished = true;
        clearTimeout(giveUp);
        report.stopFailed(error instanceof Error ? error.message : String(error));
        process.exit(1);
      });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // SIGHUP is what the gateway gets when the terminal it runs in closes (or an ssh session
  // drops). Left to Node's default it died on the spot: streams cut with no word, the ledger rows
  // still queued lost. It stops as SIGTERM does; the config needs no signal to reload (watched).
  process.on("SIGHUP", stop);
  const backend = gateway.backend();
  chainKeys = defaultChainKeys() ?? { keyless: [], chain: [], keyed: new Set() };
  retiredOffers = retiredOffersOf() ?? [];
  report.listening({
    url: gateway.url,
    urls: gateway.urls,
    bindHost: gateway.host,
    models: backend.directory
      .list()
      .filter((model) => model.id !== "openclaw")
      .map((model) => ({ id: model.id, provider: model.ownedBy })),
    providersWithoutKey: backend.providersWithoutKey,
    keylessDefaults: chainKeys.keyless,
    retiredModels: retiredOffers.map((offer) => offer.line),
    keylessProviders: backend.keylessProviders,
    defaultModel: backend.catalog.primary,
    noDefault: backend.catalog.primary ? undefined : backend.directory.whyNoDefault?.(),
    problems: backend.problems,
    proxy: gateway.proxies,
    ledger: gateway.ledgerPath,
    tokenRequired: backend.auth.mode === "token",
    tokenSource: gateway.tokenSource,
    configPath: gateway.configPath,
  });

  await sayOtherGateways(gateway, (line) => report.log(line));

  // Serves until a signal's handler exits the process.
  await new Promise<never>(() => {});
}
