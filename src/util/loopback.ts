/** Whether a host name or address is this machine. */
import { isIP } from "node:net";

/** `localhost` (and `*.localhost`), `127.0.0.0/8`, `::1` and IPv4-mapped loopback; brackets allowed. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || /^::ffff:127\./.test(host);
  return false;
}
