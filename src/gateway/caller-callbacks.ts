/**
 * startGateway's callbacks (`log`, `onRequestFinished`, `onRouteRefused`, `onDiscovery`,
 * `onReloaded`, `announceToken`) are the program's own code, called from inside the gateway's
 * timers, watchers and request handlers. What one throws is the program's mistake: it is told in
 * one line naming the callback, and never takes the gateway down (an uncaught throw there ended
 * the process), nor a request, a ledger row or a reload with it.
 */
import { OpenClawError } from "../errors.js";
import { printable } from "../util/printable.js";
import { isPromiseLike } from "../util/promise-like.js";
import { thrownText } from "../util/thrown-value.js";

/**
 * What a callback threw, in words: its message, never its stack, nor a control character; read
 * without trusting it (a revoked Proxy or a throwing `message` getter is said, not rethrown).
 */
export function thrownWords(error: unknown): string {
  return printable(thrownText(error, true));
}

/** A callback's result, when it is a promise (an `async` function's): its rejection is caught. */
function whenRejected(result: unknown, rejected: (error: unknown) => void): void {
  // An `async` callback's rejection, left alone, is an unhandled rejection: it ends the process.
  if (isPromiseLike(result)) result.then(undefined, rejected);
}

/** How a callback failed: it threw, or the promise it returned rejected. */
function failedWords(rejected: boolean): string {
  return rejected ? "returned a promise that rejected" : "threw";
}

/**
 * The program's `log`, which may throw (or, `async`, reject): a line it could not take goes to
 * stderr instead, the first time with what it threw, so nothing the gateway says is lost and the
 * gateway keeps serving.
 */
export function callerLog(
  log: (line: string) => void,
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): (line: string) => void {
  let said = false;
  const instead = (line: string, error: unknown, rejected: boolean) => {
    try {
      if (!said) {
        said = true;
        stderr(
          `gateway: the log function given to startGateway ${failedWords(rejected)} (${thrownWords(error)}); the lines it could not take are written here\n  hint: fix that function: it is called with each line the gateway has to say, from its timers and requests, and is never to throw or reject\n`,
        );
      }
      stderr(`${line}\n`);
    } catch {
      // Nowhere left to say it: the gateway still serves.
    }
  };
  return (line) => {
    try {
      whenRejected(log(line), (error) => instead(line, error, true));
    } catch (error) {
      instead(line, error, false);
    }
  };
}

/** How long a hook that keeps throwing is said once (with how many times it threw meanwhile). */
export const HOOK_THROW_WINDOW_MS = 60_000;

/**
 * One of the program's hooks (`onRequestFinished`, …), whose throw (or rejected promise) is said
 * in the gateway's log with the hook's name and its message, and goes no further. A hook that
 * throws on every request would add a line to each: after its first throw it is said at most
 * once a window, with how many times it threw since it was last said.
 */
export function callerHook<Args extends unknown[]>(
  name: string,
  hook: ((...args: Args) => void) | undefined,
  log: (line: string) => void,
  now: () => number = Date.now,
  windowMs = HOOK_THROW_WINDOW_MS,
): ((...args: Args) => void) | undefined {
  if (!hook) return undefined;
  let saidAt: number | undefined;
  let unsaid = 0;
  const failed = (error: unknown, rejected: boolean) => {
    const at = now();
    if (saidAt !== undefined && at - saidAt < windowMs) {
      unsaid++;
      return;
    }
    const again =
      saidAt === undefined
        ? ""
        : ` (${unsaid === 0 ? "again" : `${unsaid + 1} times since it was last said, this time`})`;
    saidAt = at;
    unsaid = 0;
    log(
      `gateway: the ${name} function given to startGateway ${failedWords(rejected)}${again}: ${thrownWords(error)}; the gateway went on without it\n  hint: fix that function: it is never to throw or reject${again ? "" : ` (this line is said at most once a minute while it keeps failing)`}`,
    );
  };
  return (...args) => {
    try {
      whenRejected(hook(...args), (error) => failed(error, true));
    } catch (error) {
      failed(error, false);
    }
  };
}

/** The code of the error a start rejects with when its `announceToken` threw. */
export const ANNOUNCE_TOKEN_THREW = "gateway.announce_token_threw";

/**
 * `announceToken` threw: the start is refused (the token was shown nowhere), saying the token is
 * saved in the config file all the same, where the next start reads it.
 */
export function announceTokenThrew(
  error: unknown,
  /** Whether it was the promise it returned (an `async` function's) that rejected. */
  rejected: boolean,
  configPath: string,
  /** Takes the token (and any key) out of what the function threw, which may quote it. */
  redact: (text: string) => string,
): OpenClawError {
  return new OpenClawError(
    ANNOUNCE_TOKEN_THREW,
    `the announceToken function given to startGateway ${failedWords(rejected)}: ${redact(thrownWords(error))}`,
    {
      where: configPath,
      hint: `the new token is saved in ${configPath} (gateway.auth.token), where the next start reads it; fix that function (it is never to throw or reject) and start again, or read the token there`,
      cause: error,
    },
  );
}
