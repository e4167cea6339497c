/**
 * startGateway's callbacks (`log`, `onRequestFinished`, `onRouteRefused`, `onDiscovery`,
 * `onReloaded`, `announceToken`) are the program's own code, called from inside the gateway's
 * timers, watchers and request handlers. What one throws is the program's mistake: it is told in
 * one line naming the callback, and never takes the gateway down (an uncaught throw there ended
 * the process), nor a request, a ledger row or a reload with it.
 */
import { OpenClawError } from "../errors.js";
import { printable } from "../util/printable.js";

/** What a callback threw, in words: its message, never its stack. */
function thrownWords(error: unknown): string {
  return printable(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

/**
 * The program's `log`, which may throw: a line it could not take goes to stderr instead, the first
 * time with what it threw, so nothing the gateway says is lost and the gateway keeps serving.
 */
export function callerLog(
  log: (line: string) => void,
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): (line: string) => void {
  let said = false;
  return (line) => {
    try {
      log(line);
    } catch (error) {
      if (!said) {
        said = true;
        stderr(
          `gateway: the log function given to startGateway threw (${thrownWords(error)}); the lines it could not take are written here\n  hint: fix that function: it is called with each line the gateway has to say, from its timers and requests, and is never to throw\n`,
        );
      }
      try {
        stderr(`${line}\n`);
      } catch {
        // Nowhere left to say it: the gateway still serves.
      }
    }
  };
}

/**
 * One of the program's hooks (`onRequestFinished`, …), whose throw is said in the gateway's log
 * with the hook's name and its message, and goes no further.
 */
export function callerHook<Args extends unknown[]>(
  name: string,
  hook: ((...args: Args) => void) | undefined,
  log: (line: string) => void,
): ((...args: Args) => void) | undefined {
  if (!hook) return undefined;
  return (...args) => {
    try {
      hook(...args);
    } catch (error) {
      log(
        `gateway: the ${name} function given to startGateway threw: ${thrownWords(error)}; the gateway went on without it\n  hint: fix that function: it is never to throw`,
      );
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
  configPath: string,
  /** Takes the token (and any key) out of what the function threw, which may quote it. */
  redact: (text: string) => string,
): OpenClawError {
  return new OpenClawError(
    ANNOUNCE_TOKEN_THREW,
    `the announceToken function given to startGateway threw: ${redact(thrownWords(error))}`,
    {
      where: configPath,
      hint: `the new token is saved in ${configPath} (gateway.auth.token), where the next start reads it; fix that function (it is never to throw) and start again, or read the token there`,
      cause: error,
    },
  );
}
