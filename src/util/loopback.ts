/** Whether a host name or address is this machine. */
import { isIP } from "node:net";

/** `localhost` (and `*.localhost`), `127.0.0.0/8`, `::1` and IPv4-mapped loopback; brackets allowed. */
export function isLoopbackHost(hostname: string): boolean {
  const host = bareHost(hostname);
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return isIP(host) === 6 && host === "::1";
}

/**
 * `hostname` lower-cased, without the brackets of an IPv6 address, and an IPv4-mapped IPv6
 * address as the IPv4 one it maps (`::ffff:127.0.0.1`, and `::ffff:7f00:1`, the form a URL
 * parser writes it in: `new URL("http://[::ffff:127.0.0.1]/").hostname`).
 */
function bareHost(hostname: string): string {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return isIP(host) === 6 ? (mappedIpv4(host) ?? host) : host;
}

/** The IPv4 address an IPv4-mapped IPv6 address (`::ffff:…`, dotted or in hex) maps; else undefined. */
function mappedIpv4(host: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (dotted?.[1] !== undefined) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (hex?.[1] === undefined || hex[2] === undefined) return undefined;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/**
 * Whether a host is this machine or on its local network, as a model server such as Ollama or
 * vLLM is: loopback, private and link-local addresses (`10/8`, `172.16/12`, `192.168/16`,
 * `169.254/16`, `fc00::/7`, `fe80::/10`), `*.local` (mDNS) names, and single-label names
 * (`ollama`, as a container network names its services).
 */
export function isLocalNetworkHost(hostname: string): boolean {
  if (isLoopbackHost(hostname)) return true;
  const host = bareHost(hostname);
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
