/**
 * DNS and TLS failures before an upstream answered, in words: a bare `ENOTFOUND` or
 * `DEPTH_ZERO_SELF_SIGNED_CERT` tells a user neither what went wrong nor what to check. Runs
 * only when a connection failed, never on a request that succeeds.
 */
import { type BuiltInBaseUrl, PROXY_VARIABLES } from "../catalog/base-url-setting.js";
import { isLoopbackHost } from "../util/loopback.js";
import { urlHost, urlHostname } from "../util/url-host.js";

/** Node's error codes for a certificate the client does not trust, by what is wrong with it. */
const UNTRUSTED_CERTIFICATE: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "signed by a CA this machine does not trust",
  UNABLE_TO_GET_ISSUER_CERT: "signed by a CA this machine does not know",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "signed by a CA this machine does not know",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "signed by a CA this machine does not know",
};

const CLOCK_CERTIFICATE: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: "has expired",
  CERT_NOT_YET_VALID: "is not valid yet",
};

export type ConnectFailureKind =
  | "dns"
  | "untrusted-certificate"
  | "certificate-date"
  | "certificate-name";

export interface ConnectFailure {
  kind: ConnectFailureKind;
  /** What happened, with the code at the end (for searching). */
  detail: string;
}

/** The words for a DNS or TLS error `code`; undefined for any other failure. */
export function connectFailure(code: string | undefined): ConnectFailure | undefined {
  if (code === undefined) return undefined;
  if (code === "ENOTFOUND")
    return { kind: "dns", detail: `the host name was not found in DNS (${code})` };
  if (code === "EAI_AGAIN")
    return { kind: "dns", detail: `the DNS lookup of the host name failed for now (${code})` };
  const untrusted = UNTRUSTED_CERTIFICATE[code];
  if (untrusted)
    return {
      kind: "untrusted-certificate",
      detail: `its TLS certificate is not trusted: ${untrusted} (${code})`,
    };
  const dated = CLOCK_CERTIFICATE[code];
  if (dated) return { kind: "certificate-date", detail: `its TLS certificate ${dated} (${code})` };
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID")
    return {
      kind: "certificate-name",
      detail: `its TLS certificate is for another host name (${code})`,
    };
  return undefined;
}

/**
 * Whether a connection failure stays the same however soon it is tried again: a certificate the
 * machine does not trust (or out of date, or for another name) and a host name DNS says does not
 * exist (`ENOTFOUND`; `EAI_AGAIN` is DNS failing for now, worth another try).
 */
export function isLastingConnectFailure(code: string | undefined): boolean {
  const kind = connectFailure(code)?.kind;
  return kind !== undefined && (kind !== "dns" || code === "ENOTFOUND");
}

/**
 * What to do when a connection to this machine (`host`: a loopback host[:port]) was refused: no
 * proxy stands between (loopback is always reached directly), so nothing listens on that port.
 * `baseUrl` names where the address is configured. Undefined for any other failure or host.
 */
export function loopbackRefusedHint(
  code: string | undefined,
  host: string,
  baseUrl: string,
): string | undefined {
  // host[:port] read as a URL's authority; a bare IPv6 address ("::1") does not parse and is whole.
  const name = urlHostname(`http://${host}`) ?? host;
  if (code !== "ECONNREFUSED" || !isLoopbackHost(name)) return undefined;
  return `nothing is listening on ${host} (connection refused): start the server there, or fix ${baseUrl}`;
}

/** loopbackRefusedHint for a request to `url`; undefined also when `url` does not parse. */
export function loopbackRefusedHintForUrl(
  code: string | undefined,
  url: string,
  baseUrl: string,
): string | undefined {
  const host = urlHost(url);
  return host === undefined ? undefined : loopbackRefusedHint(code, host, baseUrl);
}

/**
 * What to check for a DNS or TLS error `code` reaching `host` (host[:port]), or for a refused
 * connection to this machine (loopbackRefusedHint); `baseUrl` names
 * where the address is configured (dotted path, with file:line when known). A `builtIn` address
 * is right as built in: the network and what sits on it are checked, and the key that points it
 * elsewhere comes last. Undefined for any other failure.
 */
export function connectFailureHint(
  code: string | undefined,
  host: string,
  baseUrl: string,
  builtIn?: BuiltInBaseUrl,
): string | undefined {
  const kind = connectFailure(code)?.kind;
  if (builtIn && kind !== undefined) return builtInConnectFailureHint(kind, host, builtIn);
  const refused = loopbackRefusedHint(code, host, baseUrl);
  if (refused !== undefined) return refused;
  switch (kind) {
    case "dns":
      return `${host} could not be looked up in DNS: check the host name in ${baseUrl}, then this machine's network and DNS settings (behind a proxy that resolves names itself, set HTTPS_PROXY)`;
    case "untrusted-certificate":
      return `the certificate ${host} presented is not trusted: if a proxy or firewall on the way inspects TLS, or the server uses a private CA, set NODE_EXTRA_CA_CERTS to that CA's PEM file; otherwise check the address in ${baseUrl}`;
    case "certificate-date":
      return `check this machine's date and time; if they are right, the certificate of ${host} is out of date: tell whoever runs it, or check the address in ${baseUrl}`;
    case "certificate-name":
      return `the certificate ${host} presented does not name it: check the host name in ${baseUrl} (an IP address or another name than the server's certificate covers), or any proxy on the way that inspects TLS`;
    case undefined:
      return undefined;
  }
}

/** The same failures at a provider's built-in address: the network, not the address, first. */
function builtInConnectFailureHint(
  kind: ConnectFailureKind,
  host: string,
  builtIn: BuiltInBaseUrl,
): string {
  switch (kind) {
    case "dns":
      return `${host} could not be looked up in DNS: ${builtIn.said}, so check this machine's network and DNS settings (behind a proxy that resolves names itself, set HTTPS_PROXY); ${builtIn.elsewhere}`;
    case "untrusted-certificate":
      return `the certificate ${host} presented is not trusted: ${builtIn.said}, so most likely a proxy or firewall on the way inspects TLS: set NODE_EXTRA_CA_CERTS to its CA's PEM file; ${builtIn.elsewhere}`;
    case "certificate-date":
      return `check this machine's date and time: ${builtIn.said}, so if they are right, a proxy or firewall on the way that inspects TLS presented an out-of-date certificate for ${host}; ${builtIn.elsewhere}`;
    case "certificate-name":
      return `the certificate ${host} presented does not name it: ${builtIn.said}, so most likely a proxy or firewall on the way that inspects TLS presented its own; check it (${PROXY_VARIABLES}); ${builtIn.elsewhere}`;
  }
}
