import type { ResolvedKey } from "../../src/auth/types.js";
import type { ResolvedModel } from "../../src/catalog/types.js";
import { moonshotModel } from "../helpers/models.js";

/** A Moonshot-compatible model named by `ref`, at an address nothing listens on. */
export function model(ref: string, overrides: Partial<ResolvedModel> = {}): ResolvedModel {
  const [provider = "moonshot", id = "kimi-k2.5"] = ref.split("/");
  return moonshotModel(id, {
    ref,
    provider,
    baseUrl: "http://127.0.0.1:9/v1",
    reasoning: false,
    input: ["text"],
    keySources: [{ kind: "env", variable: "MOONSHOT_API_KEY" }],
    ...overrides,
  });
}

export function fakeKey(value = "sk-test-moonshot-ai-0001", fingerprint = "fp-1"): ResolvedKey {
  return {
    value,
    source: { kind: "env", variable: "MOONSHOT_API_KEY" },
    masked: "sk-…0001",
    fingerprint,
  };
}
