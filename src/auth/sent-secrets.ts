/**
 * The secrets a request to a provider carries besides its API key: a credential in a configured
 * header (Azure's `api-key`, a proxy's `x-api-key` or `Authorization`) and the password or a
 * key-shaped query value of the base URL. Some proxies echo a refused request's headers or URL
 * in their error body, which becomes our error message; these strings are masked there as the
 * key is. Pure.
 */
import { isSecretKeyName, looksLikeSecret } from "../config/index.js";
import { basicAuthOf, decodedOrAsIs } from "../providers/endpoint-url.js";

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*\s+/;

function headerSecrets(headers: Readonly<Record<string, string>>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const trimmed = value.trim();
    if (trimmed === "" || (!isSecretKeyName(name) && !looksLikeSecret(trimmed))) continue;
    found.push(trimmed);
    // `Bearer abc…` or `Basic abc…`: a proxy may echo the credential without its scheme.
    const credential = trimmed.replace(SCHEME, "");
    if (credential !== trimmed) found.push(credential);
  }
  return found;
}

function urlSecrets(baseUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return [];
  }
  const found: string[] = [];
  if (url.password !== "") found.push(url.password, decodedOrAsIs(url.password));
  // The login goes as `Authorization: Basic <base64>` when no key does: an echo shows that form.
  const basic = basicAuthOf(baseUrl);
  if (basic !== undefined && url.password !== "") found.push(basic.replace(/^Basic /, ""));
  for (const [name, value] of url.searchParams) {
    if (value !== "" && (isSecretKeyName(name) || looksLikeSecret(value))) found.push(value);
  }
  return found;
}

/**
 * Every secret `model`'s requests send besides `apiKey`, with `apiKey` itself when given, and a
 * credential in `callHeaders` (a library caller's own `request.headers` for one call).
 */
export function sentSecrets(
  model: { baseUrl: string; headers?: Readonly<Record<string, string>> | undefined },
  apiKey?: string,
  callHeaders?: Readonly<Record<string, string>>,
): string[] {
  return [
    ...(apiKey ? [apiKey] : []),
    ...headerSecrets(model.headers ?? {}),
    ...headerSecrets(callHeaders ?? {}),
    ...urlSecrets(model.baseUrl),
  ];
}
