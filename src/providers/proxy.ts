/**
 * Outbound HTTP proxies, from the variables every network tool reads: `HTTPS_PROXY` for https
 * upstreams, `HTTP_PROXY` for http ones, `ALL_PROXY` for both, `NO_PROXY` for hosts that are
 * reached directly (lower-case names win over upper-case ones, as in curl). Loopback hosts are
 * always reached directly, so a local model server or the simulator keeps working behind a
 * proxy. Pure: the settings are worked out once from an environment and then only consulted.
 */
import { BlockList, isIP } from "node:net";
import type { Env } from "../config/env.js";
import { looksLikeSecret } from "../config/secret-names.js";
import { OpenClawError } from "../errors.js";
import { isLoopbackHost } from "../util/loopback.js";

/** One proxy to go through: an HTTP proxy (CONNECT for https upstreams, absolute URLs for http). */
export interface ProxyEndpoint {
  /** The proxy's host name or address. */
  hostname: string;
  /** The proxy's port (the URL's, else 80). */
  port: number;
  /** `Basic …` when the proxy URL carries credentials. */
  authorization: string | undefined;
  /** The proxy as it can be shown: scheme, host and port, never the credentials. */
  display: string;
  /** The variable it came from. */
  source: string;
  /**
   * The user name of the URL's login (as written, %-escapes kept), when it may be shown;
   * undefined when the URL has no login, or when the user name is the secret (see shownUser).
   */
  user?: string | undefined;
  /** The URL's login as it may be shown (`user:***`, `***:***`, or `***` for a token alone). */
  shownLogin?: string | undefined;
}

/** One entry of `NO_PROXY`: a host (or domain, or address range) reached directly. */
export interface BypassRule {
  /** Lower-case host name or IP address; a leading "." means the domain and every subdomain. */
  host: string;
  /** The port it is limited to; undefined: every port. */
  port: number | undefined;
  /** The entry as written (lower-cased), for messages. */
  text: string;
  /** For an IPv4 range ("10.0.0.0/8"): the network and the mask, as 32-bit numbers. */
  range?: {
    /** The network's address, as a 32-bit number (the entry's address with the mask applied). */
    network: number;
    /** The mask of the prefix length ("/8": 0xff000000), as a 32-bit number. */
    mask: number;
  };
  /** For an IPv6 range ("fd00::/8"): the address and the prefix length, as written. */
  range6?: {
    /** The address as written, without brackets (`fd00::`). */
    address: string;
    /** The prefix length in bits, 0 to 128. */
    prefix: number;
  };
}

function ipv4Number(address: string): number {
  return address.split(".").reduce((sum, part) => sum * 256 + Number(part), 0);
}

/** "10.0.0.0/8" → its network and mask; undefined when it is not an IPv4 range. */
function ipv4Range(text: string): { network: number; mask: number } | undefined {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  if (!match || isIP(match[1] as string) !== 4) return undefined;
  const bits = Number(match[2]);
  if (bits > 32) return undefined;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { network: (ipv4Number(match[1] as string) & mask) >>> 0, mask };
}

/** "fd00::/8" or "[fd00::]/8" → its address and prefix length; undefined when it is not an IPv6 range. */
function ipv6Range(text: string): { address: string; prefix: number } | undefined {
  const match = /^\[?([0-9a-f:.]+)\]?\/(\d{1,3})$/.exec(text);
  if (!match || isIP(match[1] as string) !== 6) return undefined;
  const prefix = Number(match[2]);
  return prefix > 128 ? undefined : { address: match[1] as string, prefix };
}

/** Whether `host` is an IPv6 address inside `range`. */
function inIpv6Range(host: string, range: { address: string; prefix: number }): boolean {
  if (isIP(host) !== 6) return false;
  // Worked out once per origin (the pool asks once), so a BlockList each time costs nothing.
  const list = new BlockList();
  list.addSubnet(range.address, range.prefix, "ipv6");
  return list.check(host, "ipv6");
}

/** The proxies the environment names (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, either case). */
export interface ProxySettings {
  /** The proxy for https upstreams; undefined: direct. */
  https: ProxyEndpoint | undefined;
  /** The proxy for http upstreams; undefined: direct. */
  http: ProxyEndpoint | undefined;
  /** `NO_PROXY=*`: nothing goes through a proxy. */
  bypassAll: boolean;
  /** The `NO_PROXY` entries: hosts reached directly. */
  bypass: BypassRule[];
}

/** The first of `names` set to a non-empty value, with its name. */
function firstSet(env: Env, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function proxyError(source: string, what: string, hint: string): OpenClawError {
  return new OpenClawError("proxy.invalid", `${source} ${what}`, { where: source, hint });
}

/** Parses one proxy URL ("http://user:pass@host:port", or "host:port" meaning http). */
export function parseProxyUrl(value: string, source: string): ProxyEndpoint {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw proxyError(
      source,
      "is not a valid proxy URL",
      `write it as http://host:port (with user:password@ before the host if the proxy needs a login)`,
    );
  }
  if (url.protocol !== "http:") {
    throw proxyError(
      source,
      `names a ${url.protocol.replace(/:$/, "")} proxy; only HTTP proxies are supported`,
      "use the proxy's HTTP address (http://host:port); https upstreams still go through it encrypted, via CONNECT",
    );
  }
  if (!url.hostname) throw proxyError(source, "has no host name", "write it as http://host:port");
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port ? Number(url.port) : 80;
  let user: string;
  let password: string;
  try {
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    throw proxyError(
      source,
      "has a login with a broken %-escape",
      "write characters such as @ : / % in the user name or password as %40 %3A %2F %25",
    );
  }
  return {
    hostname,
    port,
    authorization:
      user || password
        ? `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`
        : undefined,
    display: `http://${url.host}`,
    source,
    ...(shownUser(user, password) ? { user: url.username } : {}),
    ...(user || password ? { shownLogin: loginAsShown(user, password, url.username) } : {}),
  };
}

/**
 * Whether a login's user name may be shown. Not when there is no password (a proxy that takes a
 * token alone reads it as the user name, http://TOKEN@host:port) nor when it is shaped like a key.
 */
function shownUser(user: string, password: string): boolean {
  return user !== "" && password !== "" && !looksLikeSecret(user);
}

/** The login as messages show it: the password always `***`, the user name when shownUser. */
function loginAsShown(user: string, password: string, written: string): string {
  if (password === "") return "***";
  return `${shownUser(user, password) ? written : "***"}:***`;
}

/**
 * The proxy as a refusal of its login names it: with the user name, the password as `***`; a
 * user name that may not be shown is `***` too, and a login without a password is `***` alone.
 */
function shownWithLogin(proxy: ProxyEndpoint): string {
  if (proxy.shownLogin === undefined) return proxy.display;
  return proxy.display.replace("://", `://${proxy.shownLogin}@`);
}

/**
 * A proxy's `407 Proxy Authentication Required`, in words: what it refused and what to do. The
 * hint depends on whether the proxy URL carried a login: none → write one in; one → the proxy
 * did not take it. The password is never in either.
 */
export function proxyLoginRefusal(
  proxy: ProxyEndpoint,
  reason: string,
): { detail: string; hint: string } {
  const status = `HTTP 407${reason ? ` ${reason}` : ""}`;
  const hostPort = proxy.display.slice("http://".length);
  if (proxy.authorization === undefined) {
    return {
      detail: `the proxy ${proxy.display} (${proxy.source}) asks for a login (${status})`,
      // Written without a scheme before it: "http://user:password@" would be masked in output.
      hint: `put the proxy's login in ${proxy.source}, as user:password@ in front of ${hostPort} (write @ : / % in the user name or password as %40 %3A %2F %25)`,
    };
  }
  const detail = `the proxy ${shownWithLogin(proxy)} (${proxy.source}) refused the login in its URL (${status})`;
  if (proxy.user === undefined) {
    return {
      detail,
      hint: `the proxy at ${hostPort} did not accept the login in ${proxy.source} (not shown): check it with whoever runs the proxy (and that @ : / % in it are written %40 %3A %2F %25)`,
    };
  }
  return {
    detail,
    hint: `the proxy at ${hostPort} did not accept the user name "${proxy.user}" and the password in ${proxy.source}: check both with whoever runs the proxy (and that @ : / % in them are written %40 %3A %2F %25)`,
  };
}

function parseBypass(list: string): { all: boolean; rules: BypassRule[] } {
  const rules: BypassRule[] = [];
  let all = false;
  for (const raw of list.split(/[\s,]+/)) {
    const text = raw.trim().toLowerCase();
    let entry = text;
    if (!entry) continue;
    if (entry === "*") {
      all = true;
      continue;
    }
    const range6 = ipv6Range(entry);
    if (range6) {
      rules.push({ host: entry, port: undefined, text, range6 });
      continue;
    }
    let port: number | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1] as string;
      port = bracketed[2] ? Number(bracketed[2]) : undefined;
    } else {
      const withPort = /^([^:]+):(\d+)$/.exec(entry);
      if (withPort) {
        entry = withPort[1] as string;
        port = Number(withPort[2]);
      }
    }
    // "*.example.com" and ".example.com" both mean the domain and its subdomains.
    if (entry.startsWith("*.")) entry = entry.slice(1);
    // "example.com." is example.com written with the DNS root: the same host.
    if (entry.endsWith(".") && entry.length > 1) entry = entry.slice(0, -1);
    const range = ipv4Range(entry);
    rules.push(range ? { host: entry, port, text, range } : { host: entry, port, text });
  }
  return { all, rules };
}

/**
 * Proxy settings from an environment. Throws an OpenClawError naming the variable when one is
 * set to something that is not an HTTP proxy URL.
 */
export function proxySettingsFromEnv(env: Env): ProxySettings {
  const all = firstSet(env, ["all_proxy", "ALL_PROXY"]);
  const https = firstSet(env, ["https_proxy", "HTTPS_PROXY"]) ?? all;
  const http = firstSet(env, ["http_proxy", "HTTP_PROXY"]) ?? all;
  const noProxy = firstSet(env, ["no_proxy", "NO_PROXY"]);
  const bypass = noProxy ? parseBypass(noProxy.value) : { all: false, rules: [] };
  return {
    https: https ? parseProxyUrl(https.value, https.name) : undefined,
    http: http ? parseProxyUrl(http.value, http.name) : undefined,
    bypassAll: bypass.all,
    bypass: bypass.rules,
  };
}

function bypassed(rule: BypassRule, host: string, port: number): boolean {
  if (rule.port !== undefined && rule.port !== port) return false;
  if (rule.range6) return inIpv6Range(host, rule.range6);
  if (rule.range)
    return isIP(host) === 4 && (ipv4Number(host) & rule.range.mask) >>> 0 === rule.range.network;
  if (rule.host.startsWith(".")) return host.endsWith(rule.host) || host === rule.host.slice(1);
  // A bare domain also covers its subdomains, as curl and most tools read NO_PROXY.
  return host === rule.host || (isIP(host) === 0 && host.endsWith(`.${rule.host}`));
}

/** The proxy a request to this upstream goes through, or undefined for a direct connection. */
export function proxyFor(
  settings: ProxySettings,
  secure: boolean,
  hostname: string,
  port: number,
): ProxyEndpoint | undefined {
  const proxy = secure ? settings.https : settings.http;
  if (!proxy || settings.bypassAll) return undefined;
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/(.)\.$/, "$1");
  if (isLoopbackHost(host)) return undefined;
  for (const rule of settings.bypass) if (bypassed(rule, host, port)) return undefined;
  return proxy;
}

/** `proxyFor` for a base URL; undefined (direct) when it does not parse. */
export function proxyForUrl(settings: ProxySettings, baseUrl: string): ProxyEndpoint | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const secure = url.protocol === "https:";
  return proxyFor(settings, secure, url.hostname, url.port ? Number(url.port) : secure ? 443 : 80);
}

/** One line on what is in use, for start-up output; undefined when no proxy is set. */
export function describeProxies(settings: ProxySettings): string | undefined {
  const parts: string[] = [];
  const { https, http } = settings;
  if (https && http && https.display === http.display) {
    const sources = https.source === http.source ? https.source : `${https.source}, ${http.source}`;
    parts.push(`${https.display} (${sources})`);
  } else {
    if (https) parts.push(`https via ${https.display} (${https.source})`);
    if (http) parts.push(`http via ${http.display} (${http.source})`);
  }
  if (parts.length === 0) return undefined;
  const direct = settings.bypassAll
    ? "everything (NO_PROXY=*)"
    : ["loopback", ...settings.bypass.map((rule) => rule.text)].join(", ");
  return `${parts.join("; ")}; direct: ${direct}`;
}

let processProxies: ProxySettings | undefined;

/**
 * The process environment's proxies, read when first needed: what a pool is given when nobody
 * says which proxies to use. Throws like `proxySettingsFromEnv`. A config's `env` block or a
 * library caller's `env` is not seen here: those callers pass their own settings on (see
 * `sharedDispatcher(proxy)`), so two runtimes with different environments never share a proxy.
 */
export function sharedProxySettings(): ProxySettings {
  processProxies ??= proxySettingsFromEnv(process.env);
  return processProxies;
}

/** A key that is the same for settings that send every request the same way (pools are shared by it). */
export function proxySettingsKey(settings: ProxySettings): string {
  return JSON.stringify(settings);
}
