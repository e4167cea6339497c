/**
 * The URLs a gateway can be reached at. Bound to a wildcard (`--bind lan` is 0.0.0.0), its own
 * address is no address anyone can call: other machines need this machine's LAN addresses.
 */
import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** A host as it goes in a URL: an IPv6 address in brackets. */
function urlHost(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}

/** Whether `host` is a bind to every interface rather than to one address. */
export function isWildcardHost(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}

/**
 * `http://<host>:<port>` for a gateway bound to one address. For a wildcard, one URL per address
 * of this machine the bind covers: non-internal IPv4 first (what a LAN client most likely
 * reaches), then non-internal IPv6 (with `::` only, which takes IPv6 too), loopback last, for
 * this machine. Link-local IPv6 (fe80::) is left out: a URL of one needs its interface's name.
 */
export function reachableUrls(
  host: string,
  port: number,
  interfaces: Interfaces = networkInterfaces(),
): string[] {
  if (!isWildcardHost(host)) return [`http://${urlHost(host)}:${port}`];
  const ipv6 = host !== "0.0.0.0";
  const lan4: string[] = [];
  const lan6: string[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      if (entry.family === "IPv4") lan4.push(entry.address);
      else if (ipv6 && !entry.address.toLowerCase().startsWith("fe80:")) lan6.push(entry.address);
    }
  }
  return [...lan4, ...lan6, "127.0.0.1"].map((address) => `http://${urlHost(address)}:${port}`);
}
