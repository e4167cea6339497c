/**
 * What onboarding says when its check could not reach the endpoint: what to check first (the
 * base URL and where it is set, then the network and any proxy), and only then the command that
 * checks again. A command alone (`models status --probe`, `models scan`) fails the same way until
 * the address or the network is fixed.
 */
import { PROXY_VARIABLES } from "../catalog/base-url-setting.js";
import { loopbackRefusedHintForUrl } from "../providers/connect-failure.js";
import { displayUrl } from "../util/display-url.js";

export interface UnreachableAdviceInput {
  /** The base URL that was asked. */
  baseUrl: string;
  providerId: string;
  /** The config file onboarding writes `models.providers.<id>.baseUrl` to. */
  configPath: string;
  /**
   * Where the address came from: the variable that redirects a built-in endpoint, `builtin` for
   * the endpoint's own public address, `given` for one the person gave (a flag or a prompt).
   */
  origin: { kind: "variable"; name: string } | { kind: "builtin" } | { kind: "given" };
  /** The endpoint is called without a key: nothing about a key was checked. */
  keyless: boolean;
  /** Why it was not reached: the system error's code (`ECONNREFUSED`), when known. */
  connectCode?: string | undefined;
}

const PROXIES = `any proxy (${PROXY_VARIABLES})`;

export function unreachableAdvice(input: UnreachableAdviceInput): string {
  const url = displayUrl(input.baseUrl);
  const setting = `models.providers.${input.providerId}.baseUrl in ${input.configPath}`;
  const what = input.keyless ? "it was not checked" : "the key was not verified";
  const setBy = input.origin.kind === "variable" ? `set by ${input.origin.name}, ` : "";
  // On this machine no proxy stands between: a refusal means nothing listens there.
  const refused = loopbackRefusedHintForUrl(
    input.connectCode,
    input.baseUrl,
    `the base URL (${setBy}written to ${setting})`,
  );
  // A public address is right as built in: the network is what to look at.
  const check =
    refused ??
    (input.origin.kind === "builtin"
      ? `check the network and ${PROXIES} between this machine and ${url} (the built-in address, written to ${setting})`
      : `check the base URL ${url} (${setBy}written to ${setting}), then the network and ${PROXIES} between this machine and it`);
  const then = input.keyless
    ? `see its models with: openclaw models scan --provider ${input.providerId}`
    : "check the key with: openclaw models status --probe";
  return `${what}; ${check}; once it answers, ${then}`;
}
