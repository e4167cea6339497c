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

/**
 * Whether a host is this machine or on its local network, as a model server such as Ollama or
 * vLLM is: loopback, private and link-local addresses (`10/8`, `172.16/12`, `192.168/16`,
 * `169.254/16`, `fc00::/7`, `fe80::/10`), `*.local` (mDNS) names, and single-label names
 * (`ollama`, as a container network names its services).
 */
export function isLocalNetworkHost(hostname: string): boolean {
  if (isLoopbackHost(hostname)) return true;
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (isIP(host) === 4) {
    const [a = 0, b = 0] = host.split(".").map(Number);
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  if (isIP(host) === 6) return /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  if (host === "") return false;
  return host.endsWith(".local") || !host.replace(/\.$/, "").includes(".");
}
