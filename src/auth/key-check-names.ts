/**
 * How a key check's sentences name the endpoint they are about, from its name (`label`) and its
 * address kept apart: `Moonshot international (api.moonshot.ai) rejected the key`, `the key works
 * on Moonshot international at api.moonshot.ai (4 models available)`. A name is said as written,
 * whatever brackets it holds (`LM Studio (qwen2.5)`): none of it is taken for an address. Pure.
 */

/** What the sentences need of an endpoint. */
export interface NamedEndpoint {
  /** Who answers: `Moonshot international`, a provider id, or the address itself. */
  label: string;
  /** Where, as a sentence says it (`api.moonshot.ai`, `http://127.0.0.1:8000/v1`); none: not said. */
  address?: string | undefined;
}

/** The address to say, when the endpoint gives one (plain JavaScript may pass anything). */
function addressOf(endpoint: NamedEndpoint): string | undefined {
  const address: unknown = endpoint.address;
  return typeof address === "string" && address.trim() !== "" ? address : undefined;
}

/** The endpoint as the subject of a sentence: `Moonshot international (api.moonshot.ai)`. */
export function endpointNamed(endpoint: NamedEndpoint): string {
  const address = addressOf(endpoint);
  return address === undefined ? endpoint.label : `${endpoint.label} (${address})`;
}

/** The endpoint as a place something works: `Moonshot international at api.moonshot.ai`. */
export function endpointAt(endpoint: NamedEndpoint): string {
  const address = addressOf(endpoint);
  return address === undefined ? endpoint.label : `${endpoint.label} at ${address}`;
}

/** `4 models available`, `1 model available`. */
export function modelsAvailable(count: number): string {
  return `${count} model${count === 1 ? "" : "s"} available`;
}

/**
 * `the key works on Moonshot international at api.moonshot.ai (4 models available)`, read as one
 * sentence. A name that ends with a bracket of its own and no address after it has the count after
 * a colon (`the key works on my proxy (staging): 4 models available`), not beside that bracket.
 */
export function worksOnMessage(endpoint: NamedEndpoint, count: number): string {
  const place = endpointAt(endpoint);
  const available = modelsAvailable(count);
  return addressOf(endpoint) === undefined && place.endsWith(")")
    ? `the key works on ${place}: ${available}`
    : `the key works on ${place} (${available})`;
}
