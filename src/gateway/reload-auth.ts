/**
 * What a config reload does to the gateway's auth, as pure functions: the policy it serves with
 * next (a token removed from the file keeps the running one; a gateway that ran without one
 * refuses every request rather than stay open), and the lines that say what changed.
 */
import { type AuthPolicy, lockedOutPolicy, MIN_TOKEN_LENGTH } from "./auth.js";
import type { authPolicyFor } from "./gateway-token.js";
import { REVEAL_TOKEN_COMMAND } from "./reveal-token.js";

/** What the reloaded config asks for (see authPolicyFor). */
export type AskedAuth = ReturnType<typeof authPolicyFor>;

export interface AuthOnReload {
  /** The policy the gateway serves with after the reload. */
  next: AuthPolicy;
  /** The config asks for a token and sets none, and the gateway ran without one. */
  lockedOut: boolean;
  /** The config no longer sets a token: the running one stays in use until a restart. */
  tokenKept: boolean;
}

/**
 * The auth after a reload that asks for `asked`, from `current`; `noTokenSet`: an earlier reload
 * already found the config asking for a token it does not set.
 */
export function authOnReload(
  asked: AskedAuth,
  current: AuthPolicy,
  noTokenSet: boolean,
): AuthOnReload {
  // A token removed from the file keeps the running one: a token is only created at start.
  // A gateway that ran without one (mode "none") has none to keep: it refuses every request
  // (a token no one is shown) rather than stay open under a config that asks for a token.
  const lockedOut = asked === "needs-token" && (current.mode === "none" || noTokenSet);
  const tokenKept = asked === "needs-token" && !lockedOut;
  const next =
    asked !== "needs-token"
      ? asked.policy
      : lockedOut && current.mode === "none"
        ? lockedOutPolicy()
        : current;
  return { next, lockedOut, tokenKept };
}

/**
 * The lines a reload that applied says about auth, in order: opened to no token, the token
 * rotated, a token asked for again (after no token, or after none got in), the token removed
 * from the config (unless `removalSaid` by an earlier reload), every request refused for want of
 * a token. `reveal` is the command that prints the token, as the operator runs it (with the
 * config file in front when a plain shell reads another).
 */
export function authChangeLines(
  asked: AskedAuth,
  current: AuthPolicy,
  change: AuthOnReload,
  removalSaid: boolean,
  reveal: string = REVEAL_TOKEN_COMMAND,
): string[] {
  const { next, lockedOut, tokenKept } = change;
  const lines: string[] = [];
  if (current.mode === "token" && next.mode === "none")
    lines.push(
      'gateway: gateway.auth.mode is now "none": programs on this machine may call the gateway without a token',
    );
  // A rotation: clients still sending the old token get 401s from now on, so it is said.
  const tokenChanged =
    current.mode === "token" &&
    next.mode === "token" &&
    current.lockedOut !== true &&
    next.lockedOut !== true &&
    !current.token.equals(next.token);
  const fromBlock = asked !== "needs-token" && asked.source === "env-block";
  if (tokenChanged) {
    lines.push(
      `gateway: the gateway token changed (${fromBlock ? "OPENCLAW_GATEWAY_TOKEN in the config's env block" : "gateway.auth.token"}): requests with the old one are refused from now on (those already running finish); give clients the new one${fromBlock ? "" : `: ${reveal}`}`,
    );
  }
  // Clients that called without a token (mode "none", or none got in while the config set
  // none) meet a token from now on: said as the switch the other way is, and as the fix of the
  // warning below, so the operator's last word on auth is not "every request is refused".
  if (asked !== "needs-token" && next.mode === "token") {
    const where =
      asked.source === "environment"
        ? "OPENCLAW_GATEWAY_TOKEN"
        : fromBlock
          ? "OPENCLAW_GATEWAY_TOKEN in the config's env block"
          : "gateway.auth.token";
    const give = fromBlock || asked.source === "environment" ? "" : `: ${reveal}`;
    if (current.mode === "none")
      lines.push(
        `gateway: gateway.auth.mode is now "token": requests without the gateway token (${where}) are refused from now on; give clients the token${give}`,
      );
    else if (current.lockedOut === true)
      lines.push(
        `gateway: the gateway token is set (${where}): requests with it are served again; give clients the token${give}`,
      );
  }
  if (tokenKept && !removalSaid)
    lines.push(
      "gateway: gateway.auth.token is no longer set (nor OPENCLAW_GATEWAY_TOKEN): the running token stays in use until a restart, which creates a new one and prints it once (clients then need the new one)",
    );
  if (lockedOut)
    lines.push(
      `gateway: warning: the config asks for a token (gateway.auth.mode "token", the default) and sets none, and this gateway ran without one: every request is refused until gateway.auth.token is set\n  hint: set gateway.auth.token (openclaw config set gateway.auth.token <at least ${MIN_TOKEN_LENGTH} characters>), set gateway.auth.mode to "none" again, or restart the gateway to have a token created and saved`,
    );
  return lines;
}
