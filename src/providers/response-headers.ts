/** Reading an upstream answer's headers: one by name, whatever the bag, and the trace id. */

export type HeaderBag =
  | {
      /** The header's value by its name (any case), or null when absent, as `Headers` does. */
      get(name: string): string | null;
    }
  | Record<string, string | string[] | undefined>;

export function headerValue(headers: HeaderBag | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof headers.get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The headers a response names its trace by, the one support asks for first: the reference's
 * `x-trace-id`, and `x-msh-trace-id` / `msh-request-id`, which the real Moonshot API was seen to
 * send instead (lucasdicioccio/agents-exe#336); `x-request-id` last.
 */
export const TRACE_HEADERS = [
  "x-trace-id",
  "x-msh-trace-id",
  "msh-request-id",
  "x-request-id",
] as const;

export function traceIdOf(headers: HeaderBag | undefined): string | undefined {
  for (const name of TRACE_HEADERS) {
    const value = headerValue(headers, name);
    if (value) return value;
  }
  return undefined;
}
