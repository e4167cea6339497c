/**
 * Gateway token checks, compared with `timingSafeEqual`.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { isLoopbackHost as isLoopbackAddress } from "../util/loopback.js";

/** Who may call the gateway (`gateway.auth`): holders of the bearer token, or (`none`, loopback only) anyone. */
export type AuthPolicy =
  | {
      /** Requests must carry `Authorization: Bearer <token>`. */
      mode: "token";
      /** The token, as UTF-8 bytes (compared in constant time). */
      token: Buffer;
      /**
       * No token is set: a reload asked for one after the gateway ran without (mode "none"), so
       * `token` is one nobody was shown and every request is refused, saying why.
       */
      lockedOut?: true;
      /**
       * Where a refused client is told the token comes from, in place of the config file's
       * `openclaw config get gateway.auth.token --reveal`: a gateway started with a config
       * object has no file that command reads (see request-auth.ts), and one started with its
       * own OPENCLAW_STATE_DIR has one a plain shell does not read (see reveal-token.ts).
       */
      tokenFrom?: string;
    }
  /** Explicit opt-out; only accepted when the gateway listens on loopback. */
  | {
      /** Every request is let in. */
      mode: "none";
    };

export function tokenPolicy(token: string): AuthPolicy {
  return { mode: "token", token: Buffer.from(token, "utf8") };
}

/** The policy of a gateway whose config asks for a token and sets none: nothing gets in. */
export function lockedOutPolicy(): AuthPolicy {
  return { mode: "token", token: Buffer.from(generateToken(), "utf8"), lockedOut: true };
}

/** A new gateway token: 32 random bytes, URL-safe. */
/** Shorter tokens can be guessed by whoever reaches the port; generated ones have 43 characters. */
export const MIN_TOKEN_LENGTH = 24;

export function generateToken(): string {
  return `ocg_${randomBytes(32).toString("base64url")}`;
}

/** The header names the Bearer scheme ("Bearer" is case-insensitive per RFC 6750). */
export function hasBearerScheme(header: string): boolean {
  return header.length >= 7 && header.slice(0, 7).toLowerCase() === "bearer ";
}

/**
 * True when the `Authorization` header carries the gateway token. The comparison takes the same
 * time whatever the first wrong byte; only the token's length (fixed by its format) can show.
 */
export function authorize(policy: AuthPolicy, header: string | undefined): boolean {
  if (policy.mode === "none") return true;
  if (header === undefined || !hasBearerScheme(header)) return false;
  const presented = Buffer.from(header.slice(7).trim(), "utf8");
  const expected = policy.token;
  if (presented.length !== expected.length) {
    timingSafeEqual(expected, expected); // same work as a real comparison
    return false;
  }
  return timingSafeEqual(presented, expected);
}

/**
 * A bind address (or the `loopback` keyword) that only this machine can reach. A host name other
 * than `localhost` does not count, even one ending in `.localhost`: the address listened on is
 * whatever DNS or /etc/hosts makes of it, which may be one the network reaches.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === "loopback") return true;
  const bare = host.toLowerCase().replace(/^\[|\]$/g, "");
  return (bare === "localhost" || isIP(bare) !== 0) && isLoopbackAddress(bare);
}

/** Query parameters a client may have put a token in (`?key=`, `?api_key=`, `?access_token=`). */
const TOKEN_PARAMETER = /^(?:.*[-_.])?(?:key|apikey|token|auth|authorization|bearer)$/i;

/**
 * The name of a query parameter of `url` (a request target) that looks like it carries the
 * token, if any. The gateway never reads one (a URL ends up in logs, proxies and histories), but
 * says so, rather than only that the token is missing.
 */
export function tokenQueryParameter(url: string): string | undefined {
  const query = url.indexOf("?");
  if (query < 0) return undefined;
  for (const [name, value] of new URLSearchParams(url.slice(query + 1))) {
    if (value !== "" && TOKEN_PARAMETER.test(name)) return name;
  }
  return undefined;
}
