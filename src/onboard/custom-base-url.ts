/**
 * What is wrong with a base URL typed for a custom endpoint (`--custom-base-url`, the interactive
 * prompt), said before anything is checked or written: one without `http://` or `https://`
 * (`localhost:8000/v1`, which `new URL` reads as the scheme `localhost:`), and one that ends in
 * an endpoint's own path (`…/v1/chat/completions`, copied from the provider's curl example), which
 * every request would add a second time and get a 404 for. Pure.
 */
import { endpointPathAtEnd } from "../providers/base-url-path.js";
import { displayUrl } from "../util/display-url.js";
import { hasKeyShapedName, maskKeyShapedNames } from "../util/key-shaped-names.js";
import { isLocalNetworkHost } from "../util/loopback.js";

export interface CustomBaseUrlProblem {
  message: string;
  /** The address to give instead, when it can be told. */
  suggested?: string;
  /** The text is a key, given where the address goes. */
  pastedKey?: true;
}

/** `text` with the scheme it most likely lacks: http:// for this machine or its network. */
function withScheme(text: string): string | undefined {
  try {
    const host = new URL(`http://${text}`).hostname;
    return `${isLocalNetworkHost(host) ? "http" : "https"}://${text}`;
  } catch {
    return undefined;
  }
}

/** The address as messages may show it: its login and a key pasted into it masked. */
export function shownBaseUrl(url: string): string {
  return maskKeyShapedNames(displayUrl(url));
}

export function customBaseUrlProblem(text: string): CustomBaseUrlProblem | undefined {
  // `host:port/…` parses as a URL whose scheme is the host: the missing `//` tells it apart.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^[a-z][a-z0-9+.-]*:[^0-9]/i.test(text)) {
    if (hasKeyShapedName(text))
      return {
        message: `"${shownBaseUrl(text)}" looks like an API key, not a URL`,
        pastedKey: true,
      };
    const suggested = withScheme(text);
    return {
      message: `"${shownBaseUrl(text)}" has no http:// or https:// in front`,
      ...(suggested ? { suggested } : {}),
    };
  }
  const endpoint = endpointPathAtEnd(text);
  if (endpoint === undefined) return undefined;
  const url = new URL(text);
  url.pathname = url.pathname.replace(/\/+$/, "").slice(0, -endpoint.length);
  return {
    message: `${shownBaseUrl(text)} ends in ${endpoint}, a path openclaw adds to the base URL itself`,
    suggested: url.toString().replace(/\/+$/, ""),
  };
}
