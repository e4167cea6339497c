/**
 * Requests refused for a path the gateway does not serve (its 404 "no route for …"), told to the
 * operator. A client with a wrong base URL is told what to fix in the 404's body, but some show
 * only "HTTP 404" (GitHub Copilot CLI), and the operator saw nothing at all: `--log-requests`
 * lists chat requests, which these never become. A client retrying in a loop, or a scanner trying
 * paths, must not flood the log: each method and path is told once per window (a minute), and
 * at the window's end again with how many times it was refused meanwhile, if it was; and no more
 * than MAX_PATHS_PER_WINDOW paths are told in one window, the others only counted.
 */
import { maskKeyShapedNames } from "../util/key-shaped-names.js";
import { printable } from "../util/printable.js";

/** A request refused for a path the gateway does not serve, as told to the operator (`onRouteRefused`, the log). */
export type RouteRefusal =
  | {
      /** One method and path, told on its own. */
      kind: "route";
      /** When the refusal was told (ms since the epoch). */
      ts: number;
      /** The request's HTTP method. */
      method: string;
      /** The path as sent, clipped; its query's names kept, its values (maybe secrets) left out. */
      path: string;
      /** The HTTP status it was answered with. */
      status: number;
      /** The advice the client was given beside the list of routes, if any. */
      hint: string | undefined;
      /**
       * How many more times the same method and path were refused since it was last told (0 the
       * first time): told at the end of the window they fell in.
       */
      repeats: number;
      /** When it was last told (the start of what `repeats` counts); undefined the first time. */
      since: number | undefined;
    }
  | {
      /** The refusals of a window past the cap on paths told one by one, counted together. */
      kind: "others";
      /** When they were told (ms since the epoch). */
      ts: number;
      /** Refusals of paths not told one by one in the window just ended (over the cap). */
      requests: number;
      /** How many distinct method and path pairs those were (at most MAX_COUNTED_PATHS). */
      paths: number;
      /** When that window began. */
      since: number;
    };

/** How long one method and path is told once. */
export const REFUSED_ROUTE_WINDOW_MS = 60_000;
/** Distinct paths told in one window; beyond it a scan of paths is only counted. */
export const MAX_PATHS_PER_WINDOW = 20;
/** Distinct paths past the cap counted in a window (memory for a scan stays bounded). */
const MAX_COUNTED_PATHS = 1000;
/** The characters of a path that tell it from another. */
const MAX_KEY_CHARS = 512;
/**
 * The `user:password@` of an absolute-form request target (`http://user:key@host/path`), up to
 * the authority's last `@`: Node takes a password with an `@` of its own (`p@ss`) as sent.
 */
const ABSOLUTE_FORM_USERINFO = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/]*@/;
/**
 * The gateway's own token (`ocg_` and 43 characters of base64url) in a path: pasted into a
 * client's base URL (`http://127.0.0.1:8787/ocg_…/v1`), it is sent in every path. It is not
 * key-shaped to what the log masks (`sk-…`), so it is masked here, as those are.
 */
const GATEWAY_TOKEN_RUN = /(?<![A-Za-z0-9])ocg_[A-Za-z0-9_-]{8,}/g;
/** The longest path told whole: a client's path can be any length. */
const MAX_PATH_CHARS = 160;

interface Told {
  repeats: number;
  /** When it was last told. */
  at: number;
  timer: NodeJS.Timeout;
}

export interface RefusedRouteLog {
  /** A refusal to tell: told now, counted for the window's end, or counted past the cap. */
  refused(method: string | undefined, url: string, status: number, hint: string | undefined): void;
  /** Stops the timers (the gateway is closing); counts not yet told are dropped. */
  close(): void;
}

export function refusedRouteLog(
  tell: (refusal: RouteRefusal) => void,
  windowMs = REFUSED_ROUTE_WINDOW_MS,
): RefusedRouteLog {
  const told = new Map<string, Told>();
  /** Paths first told in the current overall window, and what went past the cap. */
  let pathsThisWindow = 0;
  let overflowRequests = 0;
  let overflowPaths = new Set<string>();
  let overallTimer: NodeJS.Timeout | undefined;
  let overallSince = 0;
  /** The earliest refusal counted past the cap (a path's repeats may predate the window). */
  let overflowSince = Number.POSITIVE_INFINITY;

  const endOverallWindow = () => {
    overallTimer = undefined;
    pathsThisWindow = 0;
    if (overflowRequests === 0) return;
    const requests = overflowRequests;
    tell({
      kind: "others",
      ts: Date.now(),
      requests,
      paths: overflowPaths.size,
      since: Math.min(overallSince, overflowSince),
    });
    overflowRequests = 0;
    overflowPaths = new Set();
    overflowSince = Number.POSITIVE_INFINITY;
  };
  /**
   * Takes one of the window's places for a line about a path, a first one or a count of repeats
   * alike: a scan run in a loop is still refused at each path's window end, and its re-told lines
   * would otherwise add up past the cap (and keep an entry and a timer for every path it tried).
   */
  const takePlace = (): boolean => {
    if (pathsThisWindow >= MAX_PATHS_PER_WINDOW) return false;
    pathsThisWindow++;
    if (!overallTimer) {
      overallSince = Date.now();
      overallTimer = setTimeout(endOverallWindow, windowMs);
      overallTimer.unref();
    }
    return true;
  };
  /** Refusals of `key` counted in the window's last line instead of told (past the cap). */
  const countPastCap = (key: string, requests: number, since: number) => {
    overflowRequests += requests;
    overflowSince = Math.min(overflowSince, since);
    if (overflowPaths.size < MAX_COUNTED_PATHS) overflowPaths.add(key);
  };

  return {
    refused(method, url, status, advice) {
      const verb = printable(method ?? "?");
      const path = shownPath(url);
      // The advice quotes the start of the path ('take "/ocg_…" out of the client's base URL'),
      // so a token or key pasted into the base URL is masked there as in the path.
      const hint = advice === undefined ? undefined : withoutSecrets(advice);
      // One path with other query values (or none) is the same client's mistake. Its first
      // characters stand for it: a key per path is kept for a minute, and paths can be long.
      const key = `${verb} ${(url.split("?")[0] ?? "").slice(0, MAX_KEY_CHARS)}`;
      const known = told.get(key);
      if (known) {
        known.repeats++;
        return;
      }
      if (!takePlace()) {
        countPastCap(key, 1, Date.now());
        return;
      }
      const endWindow = () => {
        const entry = told.get(key);
        if (!entry) return;
        if (entry.repeats === 0) {
          told.delete(key);
          return;
        }
        if (!takePlace()) {
          // Past the cap: its repeats go into the count of the rest, and it is let go.
          countPastCap(key, entry.repeats, entry.at);
          told.delete(key);
          return;
        }
        // Still refused: told again with its count, and watched for another window.
        tell({
          kind: "route",
          ts: Date.now(),
          method: verb,
          path,
          status,
          hint,
          repeats: entry.repeats,
          since: entry.at,
        });
        entry.repeats = 0;
        entry.at = Date.now();
        entry.timer = setTimeout(endWindow, windowMs);
        entry.timer.unref();
      };
      const timer = setTimeout(endWindow, windowMs);
      timer.unref();
      const now = Date.now();
      told.set(key, { repeats: 0, at: now, timer });
      tell({
        kind: "route",
        ts: now,
        method: verb,
        path,
        status,
        hint,
        repeats: 0,
        since: undefined,
      });
    },
    close() {
      for (const entry of told.values()) clearTimeout(entry.timer);
      told.clear();
      if (overallTimer) clearTimeout(overallTimer);
      overallTimer = undefined;
    },
  };
}

/**
 * The path as the operator is shown it: its query's names with their values left out
 * (`?api-version=…&key=…`: a value may be a key; a pair without a name, `?<key>`, shown as `…`), clipped to MAX_PATH_CHARS with its length, and
 * control characters escaped.
 */
export function shownPath(url: string): string {
  const mark = url.indexOf("?");
  // A request sent as to a proxy names the whole URL (`GET http://user:key@host/…`): its
  // credentials are left out as a query's values are.
  const path = (mark < 0 ? url : url.slice(0, mark)).replace(ABSOLUTE_FORM_USERINFO, "$1…@");
  const names =
    mark < 0
      ? ""
      : `?${url
          .slice(mark + 1)
          .split("&")
          // A pair without "=" is all value (`?<key>`, as some clients send a key): none of it.
          .map((pair) => (pair.includes("=") ? `${pair.split("=")[0] ?? ""}=…` : pair && "…"))
          .join("&")}`;
  // A key in the path itself (a token pasted into the base URL) is masked before it is clipped,
  // so that a cut never leaves a piece of it unmasked.
  const whole = withoutSecrets(`${path}${names}`);
  const clipped =
    whole.length > MAX_PATH_CHARS
      ? `${whole.slice(0, MAX_PATH_CHARS)}… (${whole.length} characters)`
      : whole;
  return printable(clipped);
}

/**
 * `text` with a key (`sk-***`) or the gateway's own token (`ocg_***`) in it masked, and so a piece
 * of one that a quote cut short (`"/…/ocg_AbCd…"`): too short to be key-shaped, it is still the
 * start of the secret.
 */
function withoutSecrets(text: string): string {
  return maskKeyShapedNames(text)
    .replace(GATEWAY_TOKEN_RUN, "ocg_***")
    .replace(CLIPPED_SECRET_RUN, "$1***");
}

/** A key's or the gateway token's prefix and what a quote kept of it before its `…`. */
const CLIPPED_SECRET_RUN = /(?<![A-Za-z0-9])(sk-|ak-|msk-|ocg_)[A-Za-z0-9_-]*(?=…)/g;
