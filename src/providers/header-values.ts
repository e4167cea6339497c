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

/** Where a header goes: the provider it is sent to, and the model ref errors are told at. */
export interface HeaderTarget {
  provider: string;
  ref: string;
}

function lead(name: string, target: HeaderTarget): string {
  return `header "${name}" for provider ${target.provider} contains a line break or NUL, so it cannot be sent (its value is not shown)`;
}

/** The error for header `name` of the caller's own `request.headers`. */
export function callHeaderError(name: string, target: HeaderTarget): OpenClawError {
  return new OpenClawError(
    "request.header_invalid",
    `${lead(name, target)}; it is in request.headers`,
    {
      where: target.ref,
      hint: "remove the line break from the value the program passes in request.headers",
    },
  );
}

/** The error for an API key (sent as `Authorization: Bearer`) with a line break. */
export function keyHeaderError(target: HeaderTarget): OpenClawError {
  return new OpenClawError(
    "config.header_invalid",
    `${lead("authorization", target)}: the API key has one`,
    {
      where: target.ref,
      hint: `set the key without a line break (printf '%s' rather than echo); see where it comes from with: openclaw models status`,
    },
  );
}

/** The error for header `name` of the provider's (or model's) configured headers. */
export function configHeaderError(name: string, target: HeaderTarget): OpenClawError {
  return new OpenClawError("config.header_invalid", lead(name, target), {
    where: target.ref,
    hint: `fix models.providers.${target.provider}.headers.${name} (or that model's own headers) and the \${VAR} it names, if any, then run: openclaw config validate`,
  });
}

/** Whether an API key sent as `Authorization: Bearer` would break the header. */
export function unsendableKey(apiKey: string | undefined): boolean {
  return apiKey !== undefined && UNSENDABLE.test(apiKey);
}

/**
 * Throws when what changes per call cannot be sent: the caller's `request.headers` or the key.
 * The configured headers are fixed per model, and checked once where they are merged.
 */
export function assertSendableCall(
  target: HeaderTarget,
  callHeaders: Readonly<Record<string, string>> | undefined,
  /** The key sent as `Authorization: Bearer`, when one is. */
  apiKey: string | undefined,
): void {
  const name = callHeaders === undefined ? undefined : unsendableHeader(callHeaders);
  if (name !== undefined) throw callHeaderError(name.toLowerCase(), target);
  if (unsendableKey(apiKey)) throw keyHeaderError(target);
}

/**
 * The error for a request to `target` that has no caller's headers (a probe of the endpoint, a
 * token count) whose key or configured header cannot be sent; undefined when all can.
 */
export function unsendableHeaderError(
  headers: Readonly<Record<string, string>>,
  target: HeaderTarget,
  /** The key sent as `Authorization: Bearer`, when one is. */
  apiKey: string | undefined,
): OpenClawError | undefined {
  if (unsendableKey(apiKey)) return keyHeaderError(target);
  const name = unsendableHeader(headers);
  return name === undefined ? undefined : configHeaderError(name.toLowerCase(), target);
}
