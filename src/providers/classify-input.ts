/** What classifyProviderError is given about a refused request. */
import type { ResolvedModel } from "../catalog/types.js";
import type { HeaderBag } from "./response-headers.js";

/** An upstream error response, as `classifyProviderError` takes it. */
export interface ClassifyInput {
  /** HTTP status; undefined for an `error` object inside a stream. */
  status: number | undefined;
  /** Response body: raw text or already parsed JSON. */
  body: unknown;
  /** The response's headers (for Retry-After and the trace id). */
  headers?: HeaderBag;
  /** The model the request was for (its hint names the provider, base URL and key to fix). */
  model: Pick<ResolvedModel, "provider" | "id" | "baseUrl" | "baseUrlAt" | "baseUrlOrigin"> & {
    /** The model's effective headers (provider < model), when known. */
    headers?: Record<string, string>;
    /** false: the key is not sent as Bearer (a login in the base URL may be, as Basic). */
    authHeader?: boolean;
    /** The provider's api, when known: an `anthropic-messages` one lists its models under /v1. */
    api?: ResolvedModel["api"];
  };
  /**
   * The User-Agent the refused request carried (null: none), when the caller knows it; else the
   * model's headers say.
   */
  userAgent?: string | null;
  /** Redacted from every message, on top of anything that looks like a key. */
  apiKey?: string;
  /** The call's own headers (a library caller's `request.headers`): a credential there is masked. */
  callHeaders?: Readonly<Record<string, string>>;
  /**
   * Set when the same key is known to work on the other Moonshot region (the caller's own key
   * check found it): the class is then wrong_region, and the hint says so as a fact. Nothing in
   * openclaw sets it (its runtime asks key-home instead); it is a library caller's, as this type
   * is exported from the package entry.
   */
  otherRegionAccepted?: boolean;
  /** The system error behind a transport failure (its `code` can say more than the class). */
  cause?: unknown;
}
