/**
 * `openclaw doctor`'s judgement, as pure functions: each takes facts gathered elsewhere (files,
 * config, keys, ports) and says what is fine, what deserves a look and what is broken, with
 * where and what to do. Nothing here reads the disk or the network.
 */

import {
  type Credit,
  creditExhausted,
  creditUsedUpAdvice,
  describeCredit,
} from "../auth/credit.js";
import { withAffects } from "../catalog/shared-cause.js";
import { MIN_TOKEN_LENGTH } from "../gateway/auth.js";
import {
  belowGatewayFloor,
  GATEWAY_MIN_OPEN_FILES,
  RAISE_OPEN_FILES_HINT,
  streamCapacity,
} from "../gateway/open-files.js";
import type { ModelsStatus, ProviderKeyStatus } from "../onboard/models-view.js";
import type { KeyProbe } from "../onboard/probe-keys.js";

export type Level = "ok" | "warn" | "fail";

export interface Finding {
  /** Which area: node, config, files, store, model, key, proxy, gateway, ledger. */
  check: string;
  level: Level;
  message: string;
  /** `file:line` when that is known, else the dotted config path or the file. */
  where?: string;
  hint?: string;
  /** A config problem's dotted path, file and line, the keys `config validate --json` has. */
  path?: string;
  file?: string;
  line?: number;
  /** The credit finding's balance or plan quota (every window), as `models status --json` has it. */
  credit?: Credit;
}

export function finding(
  check: string,
  level: Level,
  message: string,
  extra: { where?: string | undefined; hint?: string | undefined } = {},
): Finding {
  return {
    check,
    level,
    message,
    ...(extra.where ? { where: extra.where } : {}),
    ...(extra.hint ? { hint: extra.hint } : {}),
  };
}

/** `20.18.0` → [20, 18, 0]. */
function versionParts(version: string): number[] {
  return version
    .replace(/^v/, "")
    .split(".")
    .map((part) => Number.parseInt(part, 10) || 0);
}

export function nodeFindings(version: string, minimum: string): Finding[] {
  const have = versionParts(version);
  const need = versionParts(minimum);
  for (let i = 0; i < need.length; i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a > b) break;
    if (a < b)
      return [
        finding("node", "fail", `Node.js ${version} is older than the ${minimum} this tool needs`, {
          hint: `install Node.js ${minimum} or newer`,
        }),
      ];
  }
  return [finding("node", "ok", `Node.js ${version}`)];
}

export interface ConfigFacts {
  path: string;
  exists: boolean;
  /**
   * The config could not be read at all; `file` and `line` where the problem is written, and
   * `path` when it is one setting's, as `config validate --json` has them.
   */
  error?: {
    message: string;
    where?: string | undefined;
    hint?: string | undefined;
    path?: string | undefined;
    file?: string | undefined;
    line?: number | undefined;
  };
  /**
   * What `config validate` reports: errors fail, warnings (a setting with no effect) warn; `file`
   * and `line` where the value is written, when it is.
   */
  problems: {
    path: string;
    message: string;
    hint?: string | undefined;
    level?: "error" | "warning";
    file?: string | undefined;
    line?: number | undefined;
    /** The settings the problem makes unusable too (see foldSharedCauses). */
    affects?: string[] | undefined;
  }[];
  ignored: string[];
  /** Providers the config defines or changes (built-in ones left alone are not counted). */
  providers: number;
  /**
   * The default model the config names is a problem `config validate` fails the file for, which
   * the model check reports (left out of `problems`).
   */
  defaultModelFails?: boolean;
}

/** A `file:line` in brackets at the end of a message or of a clause in it: a setting's place. */
const PLACE_IN_MESSAGE = /\([^()\s]+:\d+\)/;

/**
 * A config problem's line: its path, its message, where it is written. A message that names the
 * place of another setting already (a fallback whose provider is disabled by a problem at
 * models.providers.kimi-code.baseUrl (file:5)) gets its own place beside its path instead of
 * after that one: two places in a row, `(file:5) (file:2)`, left the reader to guess which was
 * which.
 */
function placedProblem(path: string, message: string, written: string | undefined): string {
  if (written === undefined || message.includes(written)) return `${path}: ${message}`;
  if (PLACE_IN_MESSAGE.test(message)) return `${path} (${written}): ${message}`;
  return `${path}: ${message} (${written})`;
}

export function configFindings(config: ConfigFacts): Finding[] {
  if (config.error) {
    const { message, where, hint, path, file, line } = config.error;
    return [
      {
        ...finding("config", "fail", message, { where: where ?? config.path, hint }),
        ...(path ? { path } : {}),
        ...(file ? { file } : {}),
        ...(line ? { line } : {}),
      },
    ];
  }
  if (!config.exists) {
    return [
      finding("config", "warn", `no config file yet at ${config.path}: built-in defaults only`, {
        hint: "run: openclaw onboard --auth-choice moonshot-api-key (or kimi-code-api-key)",
      }),
    ];
  }
  // Worded and placed as `config validate` words them: led by the path, then the file and line.
  const out: Finding[] = config.problems.map((problem) => {
    const written = problem.file
      ? `${problem.file}${problem.line ? `:${problem.line}` : ""}`
      : undefined;
    return {
      ...finding(
        "config",
        problem.level === "warning" ? "warn" : "fail",
        withAffects(placedProblem(problem.path, problem.message, written), problem),
        { where: written ?? problem.path, hint: problem.hint },
      ),
      path: problem.path,
      ...(problem.file ? { file: problem.file } : {}),
      ...(problem.line ? { line: problem.line } : {}),
    };
  });
  if (!out.some((item) => item.level === "fail")) {
    const ignored = config.ignored.length
      ? `; not used by this tool: ${config.ignored.join(", ")}`
      : "";
    const count = config.providers;
    const providers =
      count === 0
        ? "no providers configured"
        : `${count} provider${count === 1 ? "" : "s"} configured`;
    // config validate fails a file whose default model names nothing: not called valid here,
    // where that problem is the model check's, but what holds of the file, and where the rest is.
    const verdict = config.defaultModelFails
      ? `${config.path} parses and matches the schema (${providers}); its default model is not usable: see model below`
      : `${config.path} is valid (${providers})`;
    out.unshift(finding("config", "ok", `${verdict}${ignored}`));
  }
  return out;
}

export interface FileFacts {
  /** What the file is, for a person: "state directory", "credential store". */
  label: string;
  path: string;
  /** Permission bits, or undefined when the file does not exist. */
  mode: number | undefined;
  directory: boolean;
  /** Whether it holds secrets (a store of keys, a config with a key or token in it). */
  secret: boolean;
}

export function fileFindings(files: FileFacts[]): Finding[] {
  const out: Finding[] = [];
  for (const file of files) {
    if (file.mode === undefined) continue;
    const open = file.mode & 0o077;
    if (open === 0) continue;
    const octal = (file.mode & 0o777).toString(8).padStart(3, "0");
    const wanted = file.directory ? "700" : "600";
    out.push(
      finding(
        "files",
        file.secret ? "fail" : "warn",
        `${file.label} ${file.path} can be read by other users (mode ${octal})${file.secret ? " and holds secrets" : ""}`,
        { where: file.path, hint: `chmod ${wanted} ${file.path}` },
      ),
    );
  }
  if (out.length === 0 && files.some((file) => file.mode !== undefined))
    out.push(finding("files", "ok", "the state directory and its files are private to this user"));
  return out;
}

/** For a provider without a key while the credential store cannot be read. */
function storeHint(store: string): string {
  return `its key may be in ${store}, which cannot be read: fix that first (the store finding says how)`;
}

/**
 * The default model and each provider's key. With `unreadableStore` (the credential store that
 * could not be read), a provider without a key may have one there: the hint says to fix the store.
 * With `probed`, each key is also tried (doctor --probe): a doubtful key's hint points at that
 * line rather than at the command being run.
 */
export function modelFindings(
  status: ModelsStatus,
  unreadableStore?: string,
  /** With `--probe`: the probes run, whose lines follow (a provider may have none). */
  probes?: readonly KeyProbe[],
  /**
   * The `openclaw onboard --auth-choice …` that stores a provider's own key, at its base URL as
   * the effective environment places it (an OPENCLAW_*_BASE_URL override included); undefined
   * where none fits, and the bare `openclaw onboard` is said.
   */
  ownOnboard: (provider: string) => string | undefined = () => undefined,
): Finding[] {
  const out: Finding[] = [];
  if (status.defaultProblem) {
    // No default at all only means requests must name a model; a default that cannot be used
    // fails every request that relies on it.
    const level: Level = status.default === undefined ? "warn" : "fail";
    const provider = status.default?.slice(0, status.default.indexOf("/"));
    const keyless = status.providers.find(
      (entry) => entry.provider === provider && entry.active === undefined && entry.keyRequired,
    );
    out.push(
      finding("model", level, status.defaultProblem, {
        hint: unreadableStore && keyless ? storeHint(unreadableStore) : status.defaultHint,
      }),
    );
  } else if (status.leftOut.length > 0 || status.keyless.length > 0) {
    // The default is answered, by the members left: say which, and each one left out and why
    // (config validate's finding fails on the same problem; this says what runs meanwhile).
    for (const member of status.leftOut) out.push(finding("model", "warn", member.warning));
    // A member without a key is tried and passed over on every request: say what answers.
    for (const member of status.keyless)
      out.push(
        finding("model", "warn", member.message, {
          hint: unreadableStore ? storeHint(unreadableStore) : member.hint,
        }),
      );
  } else if (status.default) {
    const fallbacks = status.fallbacks.length ? `, fallbacks ${status.fallbacks.join(", ")}` : "";
    out.push(finding("model", "ok", `default ${status.default}${fallbacks}`));
  }
  for (const provider of status.providers) {
    const via = provider.proxy ? `, via ${provider.proxy}` : "";
    if (provider.active) {
      const winner = provider.sources.find((source) => source.label === provider.active);
      let text = `${provider.provider}: key from ${provider.active}`;
      if (provider.masked) text += ` ${provider.masked}`;
      if (winner?.detail) {
        // A key that works but looks wrong (a Moonshot key given to Kimi Code) is a warning:
        // only the endpoint knows, and `--probe` asks it.
        out.push(
          finding("key", "warn", `${text}${via}: it ${winner.detail}`, {
            hint: doubtfulKeyHint(provider.provider, probes),
          }),
        );
      } else out.push(finding("key", "ok", `${text}${via}`));
    } else if (!provider.keyRequired) {
      out.push(
        finding("key", "ok", `${provider.provider}: no key needed (authHeader: false)${via}`),
      );
    } else {
      const invalid = provider.sources.find((source) => source.state === "invalid");
      const empty = invalid ? undefined : emptyVariableNote(provider);
      if (empty) {
        out.push(
          finding("key", "warn", `${provider.provider}: no usable key${via}: ${empty.message}`, {
            hint: empty.hint,
          }),
        );
        continue;
      }
      // The onboarding that stores this provider's own key: the bare command where none fits.
      const onboard = ownOnboard(provider.provider) ?? "openclaw onboard";
      out.push(
        finding("key", "warn", `${provider.provider}: no usable key${via}`, {
          // What is wrong with the key there, and what to do about it when that is known (a
          // placeholder: put the real key in its place, or let onboarding store one).
          hint: invalid?.detail
            ? `${invalid.label}: ${invalid.detail}${invalid.hint ? `; ${invalid.hint}, or run: ${onboard}` : ""}`
            : unreadableStore
              ? storeHint(unreadableStore)
              : (provider.missingHint ?? "run: openclaw onboard"),
        }),
      );
    }
  }
  if (status.proxyProblem) out.push(finding("proxy", "fail", status.proxyProblem));
  else if (status.proxy) out.push(finding("proxy", "ok", status.proxy));
  return out;
}

/**
 * Why a provider with no usable key has none, when a variable its sources read is set but empty
 * (`export MOONSHOT_API_KEY=`, an `.env` line with no value): "no usable key" and "set
 * $MOONSHOT_API_KEY" read as if it were not set, and a person checking with `env` sees it is.
 */
function emptyVariableNote(
  provider: ProviderKeyStatus,
): { message: string; hint: string } | undefined {
  // One reason for each variable: a profile referring to it and the variable read alone are one.
  const empty = provider.sources.filter(
    (source, index, all) =>
      source.emptyVariable !== undefined &&
      all.findIndex((other) => other.emptyVariable === source.emptyVariable) === index,
  );
  const variable = empty[0]?.emptyVariable;
  if (variable === undefined) return undefined;
  const reasons = empty.map((source) =>
    source.source.kind === "env"
      ? `${source.label} is set but empty`
      : `${source.label} ${source.detail}`,
  );
  return {
    message: reasons.join("; "),
    hint: `put your key in it: export ${variable}=<your key>${provider.missingHint ? `; or ${provider.missingHint.replace(/\s+\(or (?:set|put your key in) \$[^)]*\)$/, "")}` : ""}`,
  };
}

/** The provider of a `provider/model` ref, or undefined for a bare name. */
function providerOf(ref: string | undefined): string | undefined {
  const slash = ref?.indexOf("/") ?? -1;
  return ref !== undefined && slash > 0 ? ref.slice(0, slash) : undefined;
}

/** A schema problem inside a provider, which disables it, and where it is written. */
export interface DisabledProviderProblem {
  provider: string;
  path: string;
  file?: string | undefined;
  line?: number | undefined;
}

/**
 * One warning for each provider a schema problem disabled (the config check fails on each of its
 * problems): the checks after it ran on the config as requests get it, without that provider,
 * which a reader missing its key line should know. A provider the model check names already (a
 * default-chain member of it left out, or the default it fails) is not said twice.
 */
export function disabledProviderFindings(
  status: ModelsStatus,
  problems: readonly DisabledProviderProblem[],
): Finding[] {
  const named = new Set(status.leftOut.flatMap((member) => providerOf(member.ref) ?? []));
  // The model check's failure names the default, and each fallback too when none of the chain
  // can be used ("no model of the default chain can be used: … kimi-code/kimi-for-coding …").
  const problem = status.defaultProblem;
  if (problem !== undefined) {
    for (const ref of [status.default, ...status.fallbacks]) {
      const provider = providerOf(ref);
      if (provider && (ref === status.default || problem.includes(`${ref} `))) named.add(provider);
    }
  }
  const byProvider = new Map<string, DisabledProviderProblem[]>();
  for (const disabled of problems) {
    if (named.has(disabled.provider)) continue;
    byProvider.set(disabled.provider, [...(byProvider.get(disabled.provider) ?? []), disabled]);
  }
  return [...byProvider].map(([provider, [first, ...others]]) => {
    const where = first?.file ? `${first.file}${first.line ? `:${first.line}` : ""}` : undefined;
    const more = others.length > 0 ? ` (and ${others.length} more)` : "";
    return finding(
      "model",
      "warn",
      `provider ${provider} is disabled by its config problem at ${first?.path ?? "its settings"}${where ? ` (${where})` : ""}${more}: its models and its key are left out of these checks`,
      { where, hint: "fix it (see the config check), then run: openclaw doctor" },
    );
  });
}

/**
 * Where a key that looks meant for another provider is settled: its probe line below, when one
 * was printed and the endpoint answered; without `--probe`, the command that probes it.
 */
function doubtfulKeyHint(provider: string, probes: readonly KeyProbe[] | undefined): string {
  const named = "a key meant for another provider is named as such";
  if (probes === undefined) return `check it with: openclaw doctor --probe (${named})`;
  const probe = probes.find((entry) => entry.provider === provider);
  if (probe === undefined) {
    // Not probed (no model of it could be asked with this key): no line below to point at.
    return `${provider} was not probed (its model cannot be asked yet: see above), so no line below says whether its endpoint takes the key; once that is fixed, run: openclaw doctor --probe (${named})`;
  }
  if (probe.result.status === "unreachable")
    return `the probe line for ${provider} below says why its endpoint could not be asked; once it answers, openclaw doctor --probe says whether it takes the key (${named})`;
  return `the probe line for ${provider} below says whether its endpoint takes it (${named})`;
}

export function probeFindings(probes: KeyProbe[]): Finding[] {
  return probes.flatMap(({ provider, result, credit, creditUnreadable, keyBelongsTo }) => {
    // The other region of a shared key: nothing the config chooses needs it (see probe-keys.ts).
    const level: Level =
      result.status === "valid"
        ? "ok"
        : result.status === "unreachable" || keyBelongsTo !== undefined
          ? "warn"
          : "fail";
    const out = [finding("probe", level, `${provider}: ${result.message}`, { hint: result.hint })];
    if (credit) out.push(creditFinding(provider, credit));
    // Requests may well work through a proxy that does not forward the account API: not a fault.
    else if (creditUnreadable)
      out.push(
        finding(
          "credit",
          "ok",
          `${provider}: ${creditUnreadable.kind === "balance" ? "balance" : "Kimi Code plan quota"} could not be read at ${creditUnreadable.url} (${creditUnreadable.reason})`,
        ),
      );
    return out;
  });
}

/** What the key has left; nothing left fails, since every request would be refused. */
function creditFinding(provider: string, credit: Credit): Finding {
  const what = credit.kind === "balance" ? "balance" : "Kimi Code plan quota";
  if (!creditExhausted(credit))
    return { ...finding("credit", "ok", `${provider}: ${what} ${describeCredit(credit)}`), credit };
  return {
    ...finding("credit", "fail", `${provider}: ${what} used up: ${describeCredit(credit)}`, {
      hint: `${creditUsedUpAdvice(credit)}; configure a fallback model on another provider meanwhile`,
    }),
    credit,
  };
}

/** A gateway of this config that runs now (its note in the state directory, its /healthz answering). */
export interface RunningGatewayFact {
  pid: number;
  host: string;
  port: number;
  /** ISO time it started. */
  startedAt: string;
}

export interface GatewayFacts {
  port: number;
  host: string;
  /** Token auth, or the loopback-only opt-out. */
  authMode: "token" | "none";
  hasToken: boolean;
  /** Characters in the configured token (0 when none). */
  tokenLength: number;
  /** What listens on the port now; `unusable` when the gateway could not listen there at all. */
  portState: "free" | "gateway" | "other" | "unusable";
  /** Why the address cannot be listened on (with `unusable`), and which setting to change. */
  portProblem?: { message: string; where: "gateway.bind" | "gateway.port" };
  ledgerPath: string | undefined;
  /** Whether `gateway.ledger.path` is set (else the ledger is in its default place). */
  ledgerConfigured?: boolean;
  /** Why the ledger (or, before the first start, its directory) cannot be written, if it cannot. */
  ledgerProblem: string | undefined;
  /**
   * What would stop the gateway opening the ledger, in its words (a directory, a damaged file, a
   * database it did not write: `warn`, it starts).
   */
  ledgerIssue?: { message: string; hint?: string; level: "fail" | "warn" } | undefined;
  /** With no token yet: why the first start could not save one into the config, if it could not. */
  tokenSaveProblem?: string | undefined;
  /**
   * The command that prints the token saved in the config doctor read, as a plain shell runs it:
   * when such a shell reads another config, `OPENCLAW_STATE_DIR=<its dir>` in front if the file
   * is that state dir's own (doctor run with OPENCLAW_STATE_DIR or OPENCLAW_HOME alone), else
   * `OPENCLAW_CONFIG_PATH=<that file>`: cliEnvPrefixFor's config words.
   */
  revealTokenCommand: string;
  loopback: boolean;
  /** What is wrong with `gateway.auth.token` (a `${VAR}` that is not set): the gateway would not start. */
  tokenProblem?: { message: string; where?: string | undefined; hint?: string | undefined };
  /** What is wrong with `gateway.cors`, when something is (the gateway would not start). */
  corsProblem?: { message: string; where?: string | undefined; hint?: string | undefined };
  /** This process's open-files limit, which a gateway started from the same shell gets too. */
  openFiles?: number | undefined;
  /** `gateway.limits.maxConcurrentStreams`, or its default. */
  maxConcurrentStreams?: number;
  /** The gateways of this config running now, on the configured port or another (`--port`). */
  running?: readonly RunningGatewayFact[];
}

/** How gateway.bind names an address the gateway binds: its keyword for loopback and every interface. */
function bindWord(host: string): string {
  if (host === "127.0.0.1") return "loopback";
  if (host === "0.0.0.0") return "lan";
  return host;
}

/**
 * The gateway on the configured port bound to another address than the configured one (started
 * with `--bind lan` while gateway.bind is loopback): reached from other machines, or not, where
 * the config says otherwise. Asking the configured address alone called it running there.
 */
function otherBindFinding(configured: GatewayFacts, here: RunningGatewayFact): Finding {
  return finding(
    "gateway",
    "warn",
    `a gateway (pid ${here.pid}) is running on port ${configured.port} bound to ${here.host}, not to the configured ${configured.host}`,
    {
      where: "gateway.bind",
      hint: `to make ${here.host} the configured address: openclaw config set gateway.bind ${bindWord(here.host)}; or stop it (kill ${here.pid}) and start openclaw gateway without --bind`,
    },
  );
}

/**
 * A gateway of this config serving on a port that is not the configured one (started with
 * `--port`, or before gateway.port was changed): clients told the configured port miss it, and
 * asking that port alone said nothing of it.
 */
function elsewhereFinding(configured: GatewayFacts, other: RunningGatewayFact): Finding {
  return finding(
    "gateway",
    "warn",
    `a gateway (pid ${other.pid}, started ${other.startedAt}) serves this config on ${other.host}:${other.port}, not on the configured port ${configured.port}`,
    {
      where: "gateway.port",
      hint: `clients given port ${configured.port} do not reach it; to make ${other.port} the configured port: openclaw config set gateway.port ${other.port}; or stop it (kill ${other.pid}) and start openclaw gateway without --port`,
    },
  );
}

export function gatewayFindings(gateway: GatewayFacts): Finding[] {
  const out: Finding[] = [];
  const address = `${gateway.host}:${gateway.port}`;
  if (gateway.authMode === "none" && !gateway.loopback) {
    out.push(
      finding(
        "gateway",
        "fail",
        `gateway.auth.mode is "none" but the gateway would listen on ${gateway.host}: it will refuse to start`,
        {
          where: "gateway.auth.mode",
          hint: 'set gateway.auth.mode to "token", or gateway.bind to "loopback"',
        },
      ),
    );
  } else if (gateway.authMode === "none") {
    out.push(
      finding("gateway", "warn", "the gateway accepts requests without a token (loopback only)", {
        where: "gateway.auth.mode",
      }),
    );
  } else if (gateway.tokenProblem) {
    out.push(
      finding("gateway", "fail", gateway.tokenProblem.message, {
        where: gateway.tokenProblem.where,
        hint: gateway.tokenProblem.hint,
      }),
    );
  } else if (!gateway.hasToken && gateway.tokenSaveProblem) {
    out.push(
      finding(
        "gateway",
        "fail",
        `no gateway token yet, and the first start could not save the one it creates: ${gateway.tokenSaveProblem}`,
        {
          hint: "make the state directory writable, or set a token yourself: gateway.auth.token in the config, or OPENCLAW_GATEWAY_TOKEN",
        },
      ),
    );
  } else if (!gateway.hasToken) {
    out.push(
      finding(
        "gateway",
        "ok",
        // Not "prints it": the start shows a new token on a terminal only, never in a log.
        `no gateway token yet: the first start creates one and saves it as gateway.auth.token (print it then with: ${gateway.revealTokenCommand})`,
      ),
    );
  } else if (gateway.tokenLength < MIN_TOKEN_LENGTH && !gateway.loopback) {
    out.push(
      finding(
        "gateway",
        "warn",
        `the gateway token has ${gateway.tokenLength} characters and the gateway listens on ${gateway.host}: others on the network could guess it`,
        {
          where: "gateway.auth.token",
          hint: "remove gateway.auth.token and restart: the gateway creates a long random one",
        },
      ),
    );
  } else {
    out.push(finding("gateway", "ok", "gateway token set"));
  }
  if (gateway.corsProblem)
    out.push(
      finding("gateway", "fail", gateway.corsProblem.message, {
        where: gateway.corsProblem.where,
        hint: gateway.corsProblem.hint,
      }),
    );
  if (gateway.portState === "unusable")
    out.push(
      finding(
        "gateway",
        "fail",
        `openclaw gateway would fail to start on ${address}: ${gateway.portProblem?.message ?? "it cannot listen there"}`,
        {
          where: gateway.portProblem?.where ?? "gateway.bind",
          hint:
            gateway.portProblem?.where === "gateway.port"
              ? "set gateway.port to a free port from 1024 to 65535, or start with --port <n>"
              : 'set gateway.bind to "loopback", "lan" or an address of this machine (ip addr shows them)',
        },
      ),
    );
  else if (gateway.portState === "gateway") {
    const here = gateway.running?.find((running) => running.port === gateway.port);
    if (here && here.host !== gateway.host) out.push(otherBindFinding(gateway, here));
    else {
      const which = here ? `a gateway (pid ${here.pid})` : "a gateway";
      out.push(finding("gateway", "ok", `${which} is running on ${address}`));
    }
  } else if (gateway.portState === "other")
    // The gateway refuses to start on a port in use: a failure, as the exit code says.
    out.push(
      finding(
        "gateway",
        "fail",
        `${address} is taken by another program: openclaw gateway would fail to start there`,
        {
          where: "gateway.port",
          hint: "stop it, or pick another port: gateway.port in the config, or openclaw gateway --port <n>",
        },
      ),
    );
  else out.push(finding("gateway", "ok", `${address} is free for openclaw gateway`));
  for (const other of gateway.running ?? [])
    if (other.port !== gateway.port) out.push(elsewhereFinding(gateway, other));
  // Under the floor the gateway refuses to start: a failure, and the streams do not matter.
  if (belowGatewayFloor(gateway.openFiles))
    out.push(
      finding(
        "gateway",
        "fail",
        `the open-files limit here is ${gateway.openFiles}: openclaw gateway started from this shell would refuse to start (it needs at least ${GATEWAY_MIN_OPEN_FILES})`,
        { hint: RAISE_OPEN_FILES_HINT },
      ),
    );
  else if (gateway.maxConcurrentStreams !== undefined) {
    const capacity = streamCapacity(gateway.maxConcurrentStreams, gateway.openFiles);
    if (capacity.shortfall)
      out.push(
        finding(
          "gateway",
          "warn",
          `the open-files limit here is ${gateway.openFiles}: a gateway started from this shell would serve at most ${capacity.maxStreams} of the ${gateway.maxConcurrentStreams} concurrent streams configured`,
          { where: "gateway.limits.maxConcurrentStreams", hint: capacity.shortfall.hint },
        ),
      );
  }
  // Named only when the config sets it: the default place is in the message already.
  const ledgerWhere = gateway.ledgerConfigured === false ? undefined : "gateway.ledger.path";
  const elsewhere =
    gateway.ledgerConfigured === false
      ? "set gateway.ledger.path to another file"
      : "set gateway.ledger.path elsewhere";
  if (gateway.ledgerPath && gateway.ledgerProblem)
    out.push(
      finding(
        "ledger",
        "fail",
        `the usage ledger ${gateway.ledgerPath} cannot be written: ${gateway.ledgerProblem}`,
        {
          where: ledgerWhere,
          hint: `fix the permissions, ${elsewhere}, or gateway.ledger.enabled: false`,
        },
      ),
    );
  if (gateway.ledgerPath && gateway.ledgerIssue)
    out.push(
      finding(
        "ledger",
        gateway.ledgerIssue.level,
        gateway.ledgerIssue.level === "fail"
          ? `${gateway.ledgerIssue.message} (openclaw gateway would not start)`
          : gateway.ledgerIssue.message,
        {
          where: ledgerWhere,
          hint:
            gateway.ledgerIssue.hint ??
            `fix the permissions, move it away, ${elsewhere}, or gateway.ledger.enabled: false`,
        },
      ),
    );
  // A ledger the config moved is named, resolved, so that a person sees which file the gateway
  // writes and `openclaw usage` reads (a relative path is the config file's, `~` the home's).
  if (
    gateway.ledgerPath &&
    gateway.ledgerConfigured === true &&
    !gateway.ledgerProblem &&
    !gateway.ledgerIssue
  )
    out.push(finding("ledger", "ok", `usage ledger ${gateway.ledgerPath}`));
  return out;
}

/** Counts for the closing line and the exit code. */
export function summarize(findings: Finding[]): { failures: number; warnings: number } {
  return {
    failures: findings.filter((item) => item.level === "fail").length,
    warnings: findings.filter((item) => item.level === "warn").length,
  };
}
