/**
 * What `openclaw gateway` tells its operator, in two forms: lines for a person (stdout for the
 * address and the token, stderr for everything else), or with `--json` one JSON object per line on
 * stdout for a supervisor or a script (`event` names what happened; nothing else is printed, and
 * never in colour). A script that starts the gateway on `--port 0` reads the port from the first
 * `listening` event instead of parsing prose.
 */

import { maskSecret } from "../../config/index.js";
import type { KeylessProvider } from "../../gateway/keyless-in-use.js";
import type { LedgerRow } from "../../gateway/ledger.js";
import type { DiscoveryReport } from "../../gateway/model-discovery.js";
import { isWildcardHost } from "../../gateway/reachable-urls.js";
import type { RouteRefusal } from "../../gateway/refused-routes.js";
import type { ReloadFailed } from "../../gateway/reload-failure.js";
import { requestJson } from "../../gateway/request-json.js";
import {
  revealTokenCommand,
  shellConfigPrefix,
  shellKeysPrefix,
} from "../../gateway/reveal-token.js";
import type { GatewayTokenSource } from "../../gateway/start.js";
import type { KeylessChainMember } from "../../onboard/chain-keys.js";
import { formatUsd } from "../../runtime/cost.js";
import { maskKeyShapedNames } from "../../util/key-shaped-names.js";
import { localClock } from "../../util/local-time.js";
import { cutToWidth } from "../display-width.js";
import {
  forTerminal,
  indentedWhenRoom,
  jsonText,
  printable,
  style,
  terminalWidth,
  visibleWidth,
  wrapHanging,
  wrapText,
} from "../output.js";
import { fitOperatorLines, fitTryItLine } from "./gateway-lines.js";
import { tryItLines } from "./gateway-try-it.js";
import { count, millis, seconds } from "./usage-numbers.js";

export interface ListeningInfo {
  /** Where to call it (the first of `urls`). */
  url: string;
  /** Every URL a client can use (see RunningGateway.urls). */
  urls: readonly string[];
  /** The address it binds: 0.0.0.0 for `--bind lan`, which is no address to call. */
  bindHost: string;
  /** Model refs a request can name (aliases and `openclaw` aside). */
  models: Array<{ id: string; provider: string }>;
  providersWithoutKey: string[];
  /**
   * Members of the default chain without a usable key ahead of the one that answers (each request
   * falls back past them), in `doctor`'s words and place; said at start-up only.
   */
  keylessDefaults: readonly KeylessChainMember[];
  /**
   * The default chain's members and the config's aliases that name an id openclaw's built-in list
   * marks retired, one line each (where it is written, the edit that mends it): a client asking
   * for `openclaw` or the alias gets 404s or fallbacks.
   */
  retiredModels?: readonly string[];
  /**
   * Providers the config uses (the default chain, an alias, the allowlist, models.providers)
   * that have no key: their requests are answered 503 until one is set.
   */
  keylessProviders?: readonly KeylessProvider[];
  /** The configured primary model, when there is one. */
  defaultModel: string | undefined;
  /** Without a primary: that none is set, where, and the command that sets one. */
  noDefault?: { reason: string; hint: string } | undefined;
  problems: Array<{ where: string; message: string; hint?: string | undefined }>;
  proxy: string | undefined;
  ledger: string | undefined;
  /** False with `gateway.auth.mode: "none"`: any local program may call it. */
  tokenRequired: boolean;
  /** Where the token came from (never the token); undefined when none is required. */
  tokenSource: GatewayTokenSource | undefined;
  configPath: string;
}

/**
 * A command after a hint's label: on the label's line when it is a plain `openclaw …`, else (it
 * sets a variable first, with a path in it) on a line of its own, where it has the width to be
 * copied whole.
 */
function commandAfterLabel(command: string): string {
  return command.startsWith("openclaw ") ? ` ${command}` : `\n    ${command}`;
}

/** Where the gateway's token came from, in words for its operator; never the token itself. */
export function tokenSourceText(
  source: GatewayTokenSource,
  configPath: string,
  shown = true,
): string {
  switch (source) {
    case "config":
      return `gateway.auth.token in ${configPath}`;
    case "environment":
      return "$OPENCLAW_GATEWAY_TOKEN from the environment (gateway.auth.token is not set)";
    case "env-block":
      return `OPENCLAW_GATEWAY_TOKEN from the env block of ${configPath} (gateway.auth.token is not set)`;
    case "created":
      return `created at this start and saved as gateway.auth.token in ${configPath} (${shown ? "shown above, once" : "not shown: the output is not a terminal"})`;
  }
}

/**
 * What a bind to every interface means for whoever calls it: the address bound is none to call,
 * this machine's LAN addresses are (the first of them is the one `listening on` names).
 */
function wildcardText(info: ListeningInfo): string {
  const lan = info.urls.filter((url) => new URL(url).hostname !== "127.0.0.1");
  const local = info.urls.find((url) => new URL(url).hostname === "127.0.0.1");
  const bound = `bound to ${info.bindHost} (every interface)`;
  if (lan.length === 0)
    return `${bound}, but this machine has no network address besides loopback: only it can call the gateway, at ${local ?? info.url}`;
  const others = lan.length === 1 ? lan[0] : `${lan.slice(0, -1).join(", ")} or ${lan.at(-1)}`;
  return `${bound}: other machines call it at ${others}${local ? `; this one also at ${local}` : ""}`;
}

export interface GatewayReporter {
  /** `backupPath`: saving the token rewrote the file as plain JSON; the file as it was is there. */
  tokenCreated(token: string, configPath: string, backupPath?: string): void;
  listening(info: ListeningInfo): void;
  /**
   * A line the running gateway reports (reloads, warnings, errors); a refused reload's facts
   * (where, what is wrong, what to do) come as `fields` too.
   */
  log(line: string, fields?: ReloadFailed): void;
  draining(signal: string, active: number, deadlineMs: number): void;
  /**
   * The drain ended: `cancelled` requests cut at its deadline; `unwritten` ledger rows the ledger
   * could not write before it closed (a database locked by another program, a full disk), or
   * undefined without a ledger.
   */
  stopped(cancelled: number, unwritten: number | undefined): void;
  stopFailed(message: string): void;
  /**
   * A second signal: `active` requests are cancelled, the ledger written (`ledger`: there is one;
   * false with `gateway.ledger.enabled: false`, and then nothing is said about it), then exit 1.
   */
  exitingNow(signal: string, active: number, ledger: boolean): void;
  /**
   * After a second signal: how many requests were cancelled and how many ledger rows could not
   * be written; undefined when the stop did not finish in time.
   */
  stoppedNow(result: { cancelled: number; unwritten: number } | undefined, ledger: boolean): void;
  /** A finished chat request (only with `--log-requests`). */
  request(row: LedgerRow): void;
  /**
   * A request refused for a path not served, or the count of those not told one by one (only
   * with `--log-requests`; at most once per method and path a minute, see refused-routes.ts).
   */
  routeRefused(refusal: RouteRefusal): void;
  /**
   * What one provider's `GET /models` gave. The text form says nothing more: the log line the
   * gateway writes when a list leaves models out, or cannot be read, says it for a person.
   */
  discovery(report: DiscoveryReport): void;
}

/** A finished request's facts as text, one per column of `openclaw usage --last`. */
export interface RequestCells {
  time: string;
  status: string;
  /** The model asked (→ the model that answered). */
  model: string;
  latency: string;
  firstToken: string;
  /** `1,204 + 312` (`~` marks the gateway's estimate); empty when no tokens were counted. */
  tokens: string;
  cached: string;
  cost: string;
  searches: string;
  /** The API it came in on, and `stream` for a streamed request. */
  api: string;
  client: string;
  requestId: string;
  trace: string;
  error: string;
}

/** `paint` colours the status; `withDate` puts the day before the time. */
export function requestCells(
  row: LedgerRow,
  paint: (status: number, text: string) => string = (_status, text) => text,
  withDate = false,
): RequestCells {
  // The model asked and the client name come from the request, the trace id from the upstream:
  // shown, never obeyed (no escape sequence or line break of theirs reaches the terminal).
  const asked = row.modelRequested === undefined ? "(no model)" : printable(row.modelRequested);
  // "~": the gateway's estimate, as the provider reported no usage: the stream was cut short, or
  // the request finished without it.
  const about = row.estimated ? "~" : "";
  const counted = row.promptTokens > 0 || row.completionTokens > 0;
  return {
    time: localClock(row.ts, withDate),
    status: paint(row.status, String(row.status)),
    model:
      row.modelUsed && row.modelUsed !== row.modelRequested
        ? `${asked} → ${row.modelUsed}${row.fallbackFrom ? " (fallback)" : ""}`
        : asked,
    latency: millis(row.latencyMs),
    firstToken: row.ttftMs === undefined ? "" : millis(row.ttftMs),
    tokens: counted
      ? `${about}${count(row.promptTokens)} + ${about}${count(row.completionTokens)}`
      : "",
    cached: counted && row.cachedTokens > 0 ? count(row.cachedTokens) : "",
    cost: row.costUsd > 0 ? `${about}${formatUsd(row.costUsd)}` : "",
    searches: row.webSearches > 0 ? String(row.webSearches) : "",
    // Left out, like a missing trace id, on rows written before the ledger recorded it.
    api: [row.api ?? "", row.stream ? "stream" : ""].filter((part) => part !== "").join(" "),
    client: printable(row.client),
    requestId: row.requestId,
    trace: row.traceId ? printable(row.traceId) : "",
    error: row.errorClass ?? "",
  };
}

/**
 * One finished request as one line: when (local time), status, model asked (→ model that answered), latency
 * (and first token), tokens, cost, the API it came in on, client, request id, the provider's
 * trace id, and the error class when it failed. `paint` colours the status (identity when colour
 * is off); `withDate` prefixes the day (for lists that span days, as `openclaw usage --last`
 * prints). Every field, whatever the width: the form for a file or a pipe, which people grep.
 */
export function formatRequestLine(
  row: LedgerRow,
  paint: (status: number, text: string) => string = (_status, text) => text,
  withDate = false,
): string {
  return requestLine(row, requestCells(row, paint, withDate), ALL_SHOWN);
}

/**
 * What a request's line on a terminal keeps beyond its core (time, status, the model that
 * answered without its provider, latency, tokens, cost and the error class of a failure), the
 * most needed first. They are put back in this order while the line still fits the terminal, so
 * that a line too wide loses the end of this list first; the first that does not fit ends it,
 * but for the parts whose length is the client's or the provider's (a trace id, the model
 * asked), which are left out alone when too long.
 */
const ON_A_TERMINAL = [
  // What Moonshot support asks for when a request failed.
  "failureTrace",
  // `moonshot/` before `kimi-k2.5`: which provider answered (and bills it).
  "provider",
  // `tokens` after `1,204 + 312`.
  "tokensWord",
  "trace",
  // `openclaw →` before the model that answered: the alias or ref the client sent (the `→`
  // stays: another model than the one sent answered).
  "asked",
  // `(fallback)` after the model that answered.
  "fallbackNote",
  "searches",
  "cached",
  "firstToken",
  // `(estimated)` after the tokens (the `~` before each count stays).
  "estimatedNote",
  // `chat_completions  stream`
  "api",
  "requestId",
  "client",
] as const;

type Extra = (typeof ON_A_TERMINAL)[number];

const ALL_SHOWN: ReadonlySet<Extra> = new Set(ON_A_TERMINAL);

/** Extras of a length the gateway does not choose: one too long is passed over, not the end. */
const PASSED_OVER: ReadonlySet<Extra> = new Set(["failureTrace", "trace", "asked"]);

/**
 * A finished request's line fitted to a terminal `width` cells wide: its core, and then as much
 * of the rest as fits, in ON_A_TERMINAL's order; the whole line when it fits as it is. A core
 * wider than the terminal has the model cut (`…`), then the line's end. A failure's trace id
 * that does not fit goes whole on a second line (traceLine). Unlimited width: the whole line, as
 * formatRequestLine gives it.
 */
export function fitRequestLine(
  row: LedgerRow,
  width: number,
  paint: (status: number, text: string) => string = (_status, text) => text,
): string {
  if (!Number.isFinite(width)) return requestLine(row, requestCells(row, paint), ALL_SHOWN);
  // Measured plain, the status painted once the line is chosen; a part at a time, each once.
  const cells = requestCells(row);
  const painted = (parts: string[]) =>
    [parts[0], paint(row.status, cells.status), ...parts.slice(2)].join(SEPARATOR);
  const widths = new Map<string, number>();
  const widthOf = (parts: readonly string[]) =>
    parts.reduce(
      (sum, part) => {
        let measured = widths.get(part);
        if (measured === undefined) {
          measured = visibleWidth(part);
          widths.set(part, measured);
        }
        return sum + measured;
      },
      SEPARATOR.length * (parts.length - 1),
    );
  const whole = requestParts(row, cells, ALL_SHOWN);
  if (widthOf(whole) <= width) return painted(whole);
  const shown = new Set<Extra>();
  let parts = requestParts(row, cells, shown);
  if (widthOf(parts) > width) {
    // The model is the one part of the core with no bound on its length (a client's own
    // name for it): it gives up what the line lacks, down to a few letters, then the line's end.
    const model = modelText(row, cells, shown);
    const room = visibleWidth(model) - (widthOf(parts) - width);
    const cut = requestParts(row, cells, shown, cutToWidth(model, Math.max(room, 6)));
    const line = widthOf(cut) <= width ? painted(cut) : cutToWidth(cut.join(SEPARATOR), width);
    return withTraceUnder(line, cells, shown, width);
  }
  for (const extra of ON_A_TERMINAL) {
    shown.add(extra);
    const longer = requestParts(row, cells, shown);
    if (widthOf(longer) <= width) {
      parts = longer;
      continue;
    }
    shown.delete(extra);
    if (!PASSED_OVER.has(extra)) break;
  }
  return withTraceUnder(painted(parts), cells, shown, width);
}

/** `line`, and under it a failure's trace id that the line has no room for (traceLine). */
function withTraceUnder(
  line: string,
  cells: RequestCells,
  shown: ReadonlySet<Extra>,
  width: number,
): string {
  return cells.error && cells.trace && !shown.has("failureTrace")
    ? `${line}\n${traceLine(cells, width)}`
    : line;
}

/**
 * `trace <id>` under a request's line, below its model (past the time and the status), or at the
 * line's start when that leaves the id too little room: never cut, a terminal wraps it whole.
 */
function traceLine(cells: RequestCells, width: number): string {
  const indent = visibleWidth(cells.time) + visibleWidth(cells.status) + 2 * SEPARATOR.length;
  return indentedWhenRoom(`trace ${cells.trace}`, indent, width);
}

/** The model part of a request's line, with what `shown` keeps of it. */
function modelText(row: LedgerRow, cells: RequestCells, shown: ReadonlySet<Extra>): string {
  const used = row.modelUsed;
  if (!used) return cells.model;
  const answered = printable(
    shown.has("provider") || !used.includes("/") ? used : used.slice(used.indexOf("/") + 1),
  );
  if (used === row.modelRequested) return answered;
  // The `→` stays without the model asked: another model than the one sent answered.
  const asked = row.modelRequested === undefined ? "(no model)" : printable(row.modelRequested);
  const fallback = row.fallbackFrom && shown.has("fallbackNote") ? " (fallback)" : "";
  return `${shown.has("asked") ? `${asked} ` : ""}→ ${answered}${fallback}`;
}

/** Between two parts of a request's line. */
const SEPARATOR = "  ";

function requestLine(row: LedgerRow, cells: RequestCells, shown: ReadonlySet<Extra>): string {
  return requestParts(row, cells, shown).join(SEPARATOR);
}

/** A request's line's parts that `shown` keeps; `model` in place of its model part, when given. */
function requestParts(
  row: LedgerRow,
  cells: RequestCells,
  shown: ReadonlySet<Extra>,
  model = modelText(row, cells, shown),
): string[] {
  const parts = [cells.time, cells.status, model];
  parts.push(
    cells.firstToken && shown.has("firstToken")
      ? `${cells.latency} (first token ${cells.firstToken})`
      : cells.latency,
  );
  if (cells.tokens) {
    const cached = cells.cached && shown.has("cached") ? `, ${cells.cached} cached` : "";
    const word = shown.has("tokensWord") ? " tokens" : "";
    const estimated = row.estimated && shown.has("estimatedNote") ? " (estimated)" : "";
    parts.push(`${cells.tokens}${word}${cached}${estimated}`);
  }
  if (cells.cost) parts.push(cells.cost);
  if (row.webSearches > 0 && shown.has("searches"))
    parts.push(row.webSearches === 1 ? "1 web search" : `${row.webSearches} web searches`);
  if (shown.has("api")) {
    if (row.api) parts.push(row.api);
    if (row.stream) parts.push("stream");
  }
  if (shown.has("client")) parts.push(cells.client);
  if (shown.has("requestId")) parts.push(cells.requestId);
  if (cells.trace && shown.has(cells.error ? "failureTrace" : "trace"))
    parts.push(`trace ${cells.trace}`);
  if (cells.error) parts.push(cells.error);
  return parts;
}

/**
 * A refused request to a path not served as one line, shaped as a request's: when (local time),
 * status, method and path as sent (clipped, the query's values left out), and the advice its
 * client was given; with the count of the same refusals since its last line, when there were.
 * Or the count of requests to further paths, past the number told one by one in a minute.
 */
export function formatRouteRefusedLine(
  refusal: RouteRefusal,
  paint: (status: number, text: string) => string = (_status, text) => text,
): string {
  const time = localClock(refusal.ts);
  if (refusal.kind === "others") {
    return `${time}  ${paint(404, "404")}  ${counted(refusal.requests, "more refused request")} to ${counted(refusal.paths, "other unknown path")} since ${localClock(refusal.since)}, not logged one by one`;
  }
  return [time, paint(refusal.status, String(refusal.status)), ...routeRefusedParts(refusal)].join(
    "  ",
  );
}

/** A refused path's line after its time and status: method and path, repeats, advice. */
function routeRefusedParts(refusal: RouteRefusal & { kind: "route" }): string[] {
  const repeats =
    refusal.repeats > 0 && refusal.since !== undefined
      ? `, refused ${counted(refusal.repeats, "more time")} since ${localClock(refusal.since)}`
      : "";
  const parts = [`${refusal.method} ${refusal.path}`, `no such route${repeats}`];
  if (refusal.hint) parts.push(printable(refusal.hint));
  return parts;
}

/**
 * A refused request's line fitted to a terminal `width` cells wide, its key-shaped names masked:
 * as it is when it fits; else each of its parts after the status (the method and path, `no such
 * route` with its repeats, the advice) that does not fit beside the one before it starts a line
 * of its own under the text after the status, wrapped at spaces there (a path stays whole, to be
 * copied). Unlimited width: the one line, as formatRouteRefusedLine gives it.
 */
export function fitRouteRefusedLine(
  refusal: RouteRefusal,
  width: number,
  paint: (status: number, text: string) => string = (_status, text) => text,
): string {
  const line = maskKeyShapedNames(formatRouteRefusedLine(refusal, paint));
  if (!Number.isFinite(width) || visibleWidth(line) <= width) return line;
  // Under the text after `12:00:01  404  `, or two in when that leaves too little room.
  const status = refusal.kind === "others" ? 404 : refusal.status;
  const lead = `${localClock(refusal.ts)}  ${paint(status, String(status))}  `;
  const indent = width - visibleWidth(lead) >= 30 ? visibleWidth(lead) : 2;
  if (refusal.kind === "others") return wrapHanging(line, indent, width);
  const [first = "", ...rest] = routeRefusedParts(refusal).map(maskKeyShapedNames);
  const rows = [`${lead}${first}`];
  for (const part of rest) {
    const joined = `${rows.at(-1)}  ${part}`;
    if (visibleWidth(joined) <= width) rows[rows.length - 1] = joined;
    else rows.push(`${" ".repeat(indent)}${part}`);
  }
  return rows
    .map((row, at) =>
      visibleWidth(row) <= width
        ? row
        : at === 0
          ? wrapHanging(row, indent, width)
          : wrapText(row.slice(indent), width - indent)
              .split("\n")
              .map((piece) => `${" ".repeat(indent)}${piece}`)
              .join("\n"),
    )
    .join("\n");
}

/** Colours a status by class on a colour terminal: 2xx green, 4xx yellow, 5xx red. */
export function paintStatus(stream: NodeJS.WriteStream): (status: number, text: string) => string {
  return (status, text) =>
    status < 300
      ? style.green(text, stream)
      : status < 500
        ? style.yellow(text, stream)
        : style.red(text, stream);
}

/** `1 request`, `2 requests`, `1,200 requests`: a count with its noun, as a person says it. */
function counted(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? "" : "s"}`;
}

export function textReporter(): GatewayReporter {
  // Fitted to the terminal (read at each line, so a resize is followed), as other commands'
  // notes are; a request's line is fitted its own way (fitRequestLine), and piped output not. A key
  // pasted as a name (a provider's key) is masked in what they quote (the gateway's own token,
  // `ocg_…`, is not key-shaped here: it is shown once, when it is made).
  const out = (text: string) =>
    process.stdout.write(fitOperatorLines(maskKeyShapedNames(text), terminalWidth(process.stdout)));
  const err = (line: string) =>
    process.stderr.write(
      `${fitOperatorLines(maskKeyShapedNames(line), terminalWidth(process.stderr))}\n`,
    );
  /**
   * The new token is shown on a terminal only: output sent to a file, a pipe or a service's
   * journal is a log, which would keep the secret for whoever reads it later.
   */
  const showToken = process.stdout.isTTY === true;
  return {
    tokenCreated(token, configPath, backupPath) {
      out(
        showToken
          ? `${style.bold("gateway token")} (shown once; saved as gateway.auth.token in ${configPath}):\n  ${token}\n`
          : `gateway token created and saved as gateway.auth.token in ${configPath}; not written here, as this output is not a terminal and a log would keep it\n  hint: print it with:${commandAfterLabel(revealTokenCommand(configPath))}\n`,
      );
      if (backupPath) {
        err(
          `note: ${configPath} was rewritten as plain JSON to save the token, so its comments and layout are gone; the file as you wrote it is kept in ${backupPath}`,
        );
      }
    },
    listening(info) {
      // "listening on <url>" stays one line, whatever the width, for a script that reads it from
      // the terminal's scrollback or a log; the routes go under it when both do not fit.
      const listening = `openclaw gateway listening on ${style.cyan(info.url)}`;
      const routes = "(POST /v1/chat/completions, /v1/responses, /v1/messages, /v1/completions)";
      const oneLine = `${listening}  ${routes}`;
      process.stdout.write(
        `${visibleWidth(oneLine) <= terminalWidth(process.stdout) ? oneLine : `${listening}\n${fitOperatorLines(`  ${routes}`, terminalWidth(process.stdout))}`}\n`,
      );
      if (isWildcardHost(info.bindHost)) process.stdout.write(`${wildcardText(info)}\n`);
      // No key and no default: the no-default line below would advise the same onboarding, which
      // sets the default too; said once, here.
      const noKeyNoDefault = info.models.length === 0 && info.noDefault !== undefined;
      if (info.models.length === 0) {
        // With the gateway's state dir (or config) moved, a plain `openclaw onboard` would set up
        // ~/.openclaw instead: the command names the gateway's, as the token lines do (on a line
        // of its own then, where it has the width to be copied whole).
        const prefix = shellKeysPrefix(info.configPath);
        const also = noKeyNoDefault ? ", which also sets the default" : "";
        const restart = "the gateway picks up the new config without a restart";
        // The onboarding of a provider the config uses (Kimi Code's alone: kimi-code-api-key),
        // else Moonshot's with Kimi Code's beside it.
        const used = (info.keylessProviders ?? []).find((entry) => entry.onboard)?.onboard;
        const onboard = used ?? "openclaw onboard --auth-choice moonshot-api-key";
        const hint =
          prefix === ""
            ? `run: ${onboard}${used ? "" : " (or kimi-code-api-key)"}${also}; ${restart}`
            : `to store a key${noKeyNoDefault ? " and set the default" : ""}, run this${used ? "" : " (or with --auth-choice kimi-code-api-key)"}; ${restart}:\n    ${prefix}${onboard}`;
        // A key written but not usable (the docs' `sk-...` pasted with the snippet) is said: "no
        // key yet" read as if the one written had not been seen.
        const unusable = (info.keylessProviders ?? []).flatMap((entry) =>
          entry.unusable === undefined ? [] : [`${entry.provider}: ${entry.unusable}`],
        );
        const what =
          unusable.length > 0
            ? `no provider has a usable key, so every chat request will fail: ${unusable.join("; ")}`
            : "no provider has a key yet, so every chat request will fail.";
        err(`${style.yellow("warning", process.stderr)}: ${what}\n  hint: ${hint}`);
      } else {
        // Said before the providers' lists are asked: "usable" read as a verdict that the warning
        // after it (models a provider's list lacks, still forwarded) then contradicted.
        const providers = [...new Set(info.models.map((model) => model.provider))];
        err(`models: ${info.models.length} served (${providers.join(", ")})`);
      }
      // A provider the config uses without a key is warned of on its own line (the default
      // chain's fallen-back-past members in doctor's words): "no key for" names the others.
      // With no usable model, the warning above said that no provider has a key: none of these
      // lines says it again.
      const chainWarned = new Set(info.keylessDefaults.map((member) => member.provider));
      const keyless = (info.keylessProviders ?? []).filter(
        (entry) => !chainWarned.has(entry.provider),
      );
      const warned = new Set([...chainWarned, ...keyless.map((entry) => entry.provider)]);
      const unmentioned = info.providersWithoutKey.filter((id) => !warned.has(id));
      if (unmentioned.length > 0 && info.models.length > 0)
        err(`no key for: ${unmentioned.join(", ")}`);
      for (const member of info.keylessDefaults) {
        const hint = member.hint ? `\n  hint: ${member.hint}` : "";
        err(`${style.yellow("warning", process.stderr)}: ${member.message}${hint}`);
      }
      for (const line of info.retiredModels ?? [])
        err(`${style.yellow("warning", process.stderr)}: ${line}`);
      if (info.models.length > 0)
        for (const entry of keyless)
          err(`${style.yellow("warning", process.stderr)}: ${entry.message}`);
      if (!info.defaultModel) {
        // The words agent, models status and doctor use, and their advice when it is known.
        const reason = info.noDefault?.reason ?? "no default model is set";
        const hint = info.noDefault && !noKeyNoDefault ? `\n  hint: ${info.noDefault.hint}` : "";
        err(
          `${style.yellow("warning", process.stderr)}: ${reason}: requests must name a model; "openclaw" will not resolve${hint}`,
        );
      }
      for (const problem of info.problems) {
        const hint = problem.hint ? `\n  hint: ${problem.hint}` : "";
        err(
          `${style.yellow("problem", process.stderr)}: ${problem.where}: ${problem.message}${hint}`,
        );
      }
      if (info.proxy) err(`upstream proxy: ${info.proxy}`);
      if (info.ledger) err(`usage ledger: ${info.ledger}`);
      // A token made at this start was told already, by the notice before "listening on": a
      // second line saying so read as a second token, or the first one's notice again.
      if (info.tokenRequired && info.tokenSource && info.tokenSource !== "created")
        err(`token: ${tokenSourceText(info.tokenSource, info.configPath, showToken)}`);
      if (!info.tokenRequired) {
        err(
          `${style.yellow("no token required", process.stderr)}: any program on this machine can call the gateway (gateway.auth.mode is "none")`,
        );
      }
      // (A required token of unknown origin cannot be shown how to send: no lines then.)
      if (!info.tokenRequired || info.tokenSource)
        for (const line of tryItLines(
          info.url,
          info.tokenRequired ? info.tokenSource : undefined,
          shellConfigPrefix(info.configPath),
        ))
          process.stderr.write(
            `${fitTryItLine(maskKeyShapedNames(line), terminalWidth(process.stderr))}\n`,
          );
    },
    // A log line can quote an upstream's words (an unexpected error): on a terminal, not obeyed.
    log: (line) => err(forTerminal(line, process.stderr)),
    draining(signal, active, deadlineMs) {
      err(`${signal}: draining ${counted(active, "request")} for up to ${seconds(deadlineMs)}…`);
    },
    stopped(cancelled, unwritten) {
      const cut =
        cancelled > 0 ? `; ${counted(cancelled, "request")} cancelled at the deadline` : "";
      // Said, not left to the "could not write" warning before it: those rows are lost now.
      const lost =
        unwritten !== undefined && unwritten > 0
          ? `; ${counted(unwritten, "usage ledger row")} could not be written, so openclaw usage leaves those requests out`
          : "";
      err(`stopped${cut}${lost}`);
    },
    stopFailed(message) {
      err(`error while stopping: ${message}`);
    },
    exitingNow(signal, active, ledger) {
      const cancelling = active > 0 ? `cancelling ${counted(active, "running request")}` : "";
      const writing = ledger ? "writing the usage ledger" : "";
      const doing = [cancelling, writing].filter((part) => part !== "").join(" and ");
      err(`${signal} again: stopping now${doing ? `; ${doing}…` : ""}`);
    },
    stoppedNow(result, ledger) {
      if (result === undefined) {
        err(
          ledger
            ? "stopped before the usage ledger was written: rows of the last requests may be missing"
            : "stopped before the running requests were cancelled",
        );
        return;
      }
      const cancelled =
        result.cancelled > 0
          ? `; ${counted(result.cancelled, "request")} cancelled${ledger ? " (in the ledger as status 503, shutdown)" : ""}`
          : "";
      if (!ledger) err(`stopped${cancelled}`);
      else if (result.unwritten > 0)
        err(`stopped${cancelled}; ${counted(result.unwritten, "ledger row")} could not be written`);
      else err(`stopped${cancelled}; the usage ledger is written`);
    },
    request(row) {
      // On a terminal, the line fits its width (read at each line, as a resize changes it): one
      // line per request, wrapped into none. To a file or a pipe, every field, whatever COLUMNS
      // says: a log is grepped, and its lines are all of one form.
      const width =
        process.stderr.isTTY && process.stderr.columns
          ? process.stderr.columns
          : Number.POSITIVE_INFINITY;
      process.stderr.write(`${fitRequestLine(row, width, paintStatus(process.stderr))}\n`);
    },
    routeRefused(refusal) {
      // Fitted as a request's line is: on a terminal only, whatever COLUMNS says.
      const width =
        process.stderr.isTTY && process.stderr.columns
          ? process.stderr.columns
          : Number.POSITIVE_INFINITY;
      process.stderr.write(`${fitRouteRefusedLine(refusal, width, paintStatus(process.stderr))}\n`);
    },
    discovery() {},
  };
}

/** One event per line on stdout, each with the time it happened. */
export function jsonReporter(
  write: (line: string) => void = (line) => process.stdout.write(line),
): GatewayReporter {
  const emit = (event: string, fields: Record<string, unknown>) =>
    write(
      `${maskKeyShapedNames(jsonText({ time: new Date().toISOString(), event, ...fields }))}\n`,
    );
  return {
    tokenCreated(token, configPath, backupPath) {
      // Never the token: JSON lines go to a supervisor's log or a file, which would keep it for
      // whoever reads them later. `masked` is the token as `config get gateway.auth.token` shows
      // it (`ocg_…Ru4o`), to tell which one was made; `reveal` prints it for a script.
      // `backup`: the file was rewritten as plain JSON (comments gone); the original is there.
      emit("token_created", {
        savedIn: configPath,
        backup: backupPath ?? null,
        masked: maskSecret(token),
        // The command that prints the gateway's token, for output that must not hold it: with
        // OPENCLAW_STATE_DIR=<its dir> (or OPENCLAW_CONFIG_PATH=<its file>) in front when a plain
        // shell reads another config.
        reveal: revealTokenCommand(configPath),
      });
    },
    listening(info) {
      const { port, hostname } = new URL(info.url);
      emit("listening", {
        url: info.url,
        // The address itself, as `bind` has it (`::1`): the URL's brackets belong to `url` only.
        host: hostname.startsWith("[") ? hostname.slice(1, -1) : hostname,
        port: Number(port),
        // `bind` is what it listens on (0.0.0.0 for --bind lan); `urls` where it can be called.
        bind: info.bindHost,
        urls: info.urls,
        models: info.models.map((model) => model.id),
        providers: [...new Set(info.models.map((model) => model.provider))],
        providersWithoutKey: info.providersWithoutKey,
        keylessDefaults: info.keylessDefaults,
        keylessProviders: info.keylessProviders ?? [],
        // Each a warning line: a default-chain member or alias naming a retired id.
        retiredModels: info.retiredModels ?? [],
        defaultModel: info.defaultModel ?? null,
        // Why there is none and what to do, as the text output's warning says it (else null):
        // `defaultModel: null` alone left a supervisor without the reason or the fix.
        noDefault: info.defaultModel
          ? null
          : {
              message: info.noDefault?.reason ?? "no default model is set",
              hint: info.noDefault?.hint ?? null,
            },
        problems: info.problems,
        proxy: info.proxy ?? null,
        ledger: info.ledger ?? null,
        tokenRequired: info.tokenRequired,
        // `config`, `environment`, `env-block` or `created`; never the token itself.
        tokenSource: info.tokenRequired ? (info.tokenSource ?? null) : null,
      });
    },
    log(line, fields) {
      // A refused reload: kind "reload_failed", file, line, path, problem, problems, hint.
      emit("log", fields === undefined ? { message: line } : { message: line, ...fields });
    },
    draining(signal, active, deadlineMs) {
      emit("draining", { signal, active, deadlineMs });
    },
    stopped(cancelled, unwritten) {
      // As in `stopped_now`: null without a ledger (`listening` said `ledger: null`).
      emit("stopped", { cancelled, unwritten: unwritten ?? null });
    },
    stopFailed(message) {
      emit("stop_failed", { message });
    },
    exitingNow(signal, active) {
      emit("exiting", { signal, active });
    },
    stoppedNow(result, ledger) {
      // With no ledger (`listening` said `ledger: null`), `unwritten` and `ledgerWritten` are null.
      emit("stopped_now", {
        cancelled: result?.cancelled ?? null,
        unwritten: ledger ? (result?.unwritten ?? null) : null,
        ledgerWritten: ledger ? result !== undefined && result.unwritten === 0 : null,
      });
    },
    request(row) {
      // The fields of `usage --last --json`, null when unknown; `time` is when the event was written.
      emit("request", requestJson(row));
    },
    routeRefused(refusal) {
      // `since`: epoch milliseconds, as a request's `ts`; null the first time a path is told.
      if (refusal.kind === "others") {
        emit("routes_refused_unlisted", {
          requests: refusal.requests,
          paths: refusal.paths,
          since: refusal.since,
        });
        return;
      }
      emit("route_refused", {
        method: refusal.method,
        path: refusal.path,
        status: refusal.status,
        hint: refusal.hint ?? null,
        repeats: refusal.repeats,
        since: refusal.since ?? null,
      });
    },
    discovery(report) {
      // One per provider: `listed` its ids (empty when not read), `notServed` the configured refs
      // it leaves out of /v1/models, `error` why the list could not be read (else null), `hint`
      // what to do about it (a proxy that refused its login; else null).
      emit("models_discovered", {
        provider: report.provider,
        ok: report.ok,
        listed: report.listed,
        notServed: report.notServed,
        error: report.error ?? null,
        hint: report.hint ?? null,
      });
    },
  };
}
