/**
 * Every provider error hint reads in the CLI's one hint style (`hint: run: openclaw onboard …`):
 * a lower-case start unless it opens on a name (Moonshot, Kimi Code), its sentences joined by
 * `;` or `:`, no final full stop. `agent`, `chat`, `doctor --probe` and the gateway's answers print
 * these next to the CLI's own hints, where two styles read as two programs.
 */
import { describe, expect, it } from "vitest";
import { classifyProviderError, transportFailure } from "../../src/providers/index.js";
import { kimiCodeModel, moonshotModel } from "../helpers/models.js";

const body = (type: string, message: string) => JSON.stringify({ error: { type, message } });
const otherModel = moonshotModel("kimi-k2.5", { baseUrl: "http://127.0.0.1:44399/v1" });

/** One refusal of each kind the classifier tells apart, on each kind of endpoint. */
function refusalHints(): Array<[string, string | undefined]> {
  const hints: Array<[string, string | undefined]> = [];
  const refusals: Array<[number, string, string]> = [
    [401, "invalid_authentication_error", "Invalid Authentication"],
    [403, "permission_denied_error", "The API you are accessing is not open"],
    [403, "access_terminated_error", "only available for Coding Agents"],
    [404, "resource_not_found_error", "Not found the model kimi-k9"],
    [429, "rate_limit_reached_error", "please try again after 1 seconds"],
    [429, "engine_overloaded_error", "The engine is currently overloaded"],
    [429, "exceeded_current_quota_error", "Your account is not active"],
    [403, "access_terminated_error", "You've reached your weekly (7-day) usage limit."],
    [400, "invalid_request_error", "Invalid request: context length exceeded"],
    [400, "content_filter", "The request was rejected because it was considered high risk"],
    [400, "invalid_request_error", "is not a valid moonshot flavored json schema"],
    [400, "invalid_request_error", "unknown think_v2 option: keep_reasoning_content"],
    [400, "invalid_request_error", "bad params"],
    [500, "server_error", "internal error"],
    [407, "", ""],
  ];
  for (const model of [moonshotModel(), kimiCodeModel(), otherModel]) {
    for (const [status, type, message] of refusals) {
      const error = classifyProviderError({ status, body: body(type, message), model });
      hints.push([`${model.provider} ${status} ${type} ${message}`, error.hint]);
    }
  }
  const login = moonshotModel("kimi-k2.5", { baseUrl: "http://user:pw@127.0.0.1:44399/v1" });
  hints.push([
    "a refused login in the base URL",
    classifyProviderError({ status: 401, body: body("", "no"), model: login }).hint,
  ]);
  hints.push([
    "the other region took the key",
    classifyProviderError({
      status: 401,
      body: body("invalid_authentication_error", "Invalid Authentication"),
      model: moonshotModel(),
      otherRegionAccepted: true,
    }).hint,
  ]);
  return hints;
}

function transportHints(): Array<[string, string | undefined]> {
  const model = moonshotModel();
  const failure = (
    errorClass: "network" | "proxy_auth" | "timeout" | "cancelled",
    extra: Record<string, unknown> = {},
  ) => transportFailure({ errorClass, detail: "x", model, ...extra }).hint;
  return [
    ["network", failure("network")],
    ["EMFILE", failure("network", { cause: Object.assign(new Error("x"), { code: "EMFILE" }) })],
    ["ENFILE", failure("network", { cause: Object.assign(new Error("x"), { code: "ENFILE" }) })],
    ["proxy 407", failure("proxy_auth", { status: 407 })],
    ["timeout", failure("timeout")],
    ["first-byte timeout", failure("timeout", { timeout: { setting: "firstByteMs", ms: 300 } })],
    ["cancelled", failure("cancelled")],
    ["a broken stream", failure("network", { reached: { events: 3 } })],
  ];
}

/** Names a hint may open on; anything else starts lower case. */
const OPENING_NAMES = /^(Moonshot|Kimi Code|HTTP|[A-Z_]{2,}\b)/;

describe("provider error hints", () => {
  it.each([...refusalHints(), ...transportHints()])(
    "%s: lower-case start and no final full stop",
    (_case, hint) => {
      expect(hint).toBeTruthy();
      const text = hint ?? "";
      if (!OPENING_NAMES.test(text)) expect(text.charAt(0)).toBe(text.charAt(0).toLowerCase());
      expect(text).not.toMatch(/\.\s*$/);
      // Sentences inside are joined by ; or :, not ". Capital".
      expect(text).not.toMatch(/[a-z)]\. [A-Z]/);
    },
  );
});
