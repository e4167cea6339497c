/**
 * A header value with a line break or NUL cannot be sent: it would end the header and start
 * another. It comes from the config (a value, or a `${VAR}` that expands with a trailing
 * newline) or from a library caller's `request.headers`; either way sending it again, or to a
 * fallback, cannot help, so it is refused before the request as an error of the configuration or
 * of the call, never as an unreachable network. The value is never shown. Pure.
 */
import { OpenClawError } from "../errors.js";

const UNSENDABLE = /[\r\n\0]/;

/** The name of the first header in `headers` whose value cannot be sent; undefined if none. */
export function unsendableHeader(headers: Readonly<Record<string, string>>): string | undefined {
  return Object.keys(headers).find((name) => UNSENDABLE.test(headers[name] as string));
}

/** The value of header `name` in `headers`, in any case; undefined when it is not there. */
function headerValue(
  headers: Readonly<Record<string, string>> | undefined,
  name: string,
): string | undefined {
  if (headers === undefined) return undefined;
  const lower = name.toLowerCase();
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : headers[key];
}

/**
 * Throws when a header of a request to `provider` cannot be sent, naming where it was set:
 * the call's `request.headers`, the API key, or the provider's config.
 */
export function assertSendableHeaders(
  headers: Readonly<Record<string, string>>,
  where: {
    provider: string;
    ref: string;
    /** The library caller's own headers for this call, when there are some. */
    callHeaders?: Readonly<Record<string, string>> | undefined;
    /** The key sent as `Authorization: Bearer`, when one is. */
    apiKey?: string | undefined;
  },
): void {
  const name = unsendableHeader(headers);
  if (name === undefined) return;
  const lead = `header "${name}" for provider ${where.provider} contains a line break or NUL, so it cannot be sent (its value is not shown)`;
  if (UNSENDABLE.test(headerValue(where.callHeaders, name) ?? "")) {
    throw new OpenClawError("request.header_invalid", `${lead}; it is in request.headers`, {
      where: where.ref,
      hint: "remove the line break from the value the program passes in request.headers",
    });
  }
  if (name.toLowerCase() === "authorization" && where.apiKey && UNSENDABLE.test(where.apiKey)) {
    throw new OpenClawError("config.header_invalid", `${lead}: the API key has one`, {
      where: where.ref,
      hint: `set the key without a line break (printf '%s' rather than echo); see where it comes from with: openclaw models status`,
    });
  }
  throw new OpenClawError("config.header_invalid", lead, {
    where: where.ref,
    hint: `fix models.providers.${where.provider}.headers.${name} (or that model's own headers) and the \${VAR} it names, if any, then run: openclaw config validate`,
  });
}
