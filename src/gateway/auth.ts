/**
 * Gateway token checks. Tokens are compared as SHA-256 digests with `timingSafeEqual`, so the
 * comparison takes the same time whatever the token's length or first wrong byte.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export type AuthPolicy =
  | { mode: "token"; tokenDigest: Buffer }
  /** Explicit opt-out; only accepted when the gateway listens on loopback. */
  | { mode: "none" };

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

export function tokenPolicy(token: string): AuthPolicy {
  return { mode: "token", tokenDigest: digest(token) };
}

/** A new gateway token: 32 random bytes, URL-safe. */
export function generateToken(): string {
  return `ocg_${randomBytes(32).toString("base64url")}`;
}

/** True when the `Authorization` header carries the gateway token. */
export function authorize(policy: AuthPolicy, header: string | undefined): boolean {
  if (policy.mode === "none") return true;
  if (header === undefined) return false;
  // "Bearer" is case-insensitive per RFC 6750; tolerate extra spaces.
  if (header.length < 7 || header.slice(0, 7).toLowerCase() !== "bearer ") return false;
  const presented = header.slice(7).trim();
  return timingSafeEqual(digest(presented), policy.tokenDigest);
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "loopback"]);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith("127.");
}
