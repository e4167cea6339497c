/**
 * The guide's config table row for `compat.toolSchema` says which of OpenAI's platform fields
 * `"moonshot"` leaves out on each wire API, and they are the ones the request builders leave out.
 * Before, the row listed safety_identifier among them for every API, while a model called over
 * `api: "anthropic-messages"` (Kimi Code's Anthropic surface) sends it as `metadata.user_id`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ResolvedModel } from "../src/catalog/types.js";
import { buildAnthropicRequest } from "../src/providers/anthropic-request.js";
import { buildChatRequest } from "../src/providers/index.js";
import type { ChatRequest } from "../src/providers/types.js";
import { kimiCodeModel, moonshotModel } from "./helpers/models.js";

const guide = readFileSync(join(import.meta.dirname, "..", "docs", "guide.md"), "utf8");
const row = guide.split("\n").find((line) => line.startsWith("| `toolSchema` |")) ?? "";

/** Each field only OpenAI's platform acts on, with a value a client would send. */
const PLATFORM_FIELDS: Record<string, unknown> = {
  service_tier: "flex",
  prediction: { type: "content", content: "draft" },
  verbosity: "low",
  safety_identifier: "end-user-42",
};

const request: ChatRequest = {
  messages: [{ role: "user", content: "hi" }],
  extraBody: { ...PLATFORM_FIELDS },
};

/** The request body each wire API's builder makes for `model` (toolSchema "moonshot"). */
const bodyOf: Record<string, (model: ResolvedModel) => Record<string, unknown>> = {
  "openai-completions": (model) => buildChatRequest(model, request, "sk-test-a1").body,
  "anthropic-messages": (model) =>
    buildAnthropicRequest(model, request, "sk-test-a1", { stream: false }).body,
};

const models: Record<string, ResolvedModel> = {
  "openai-completions": moonshotModel(),
  "anthropic-messages": kimiCodeModel({
    api: "anthropic-messages",
    baseUrl: "https://api.kimi.com/coding",
  }),
};

/** What the row says for `api`: the fields left out, and where one goes instead (`its … going as …`). */
function rowSays(api: string): { leftOut: string[]; goesAs: [string, string] | undefined } {
  const clause = new RegExp(`over \`api: "${api}"\` ([^;|]+)`).exec(row)?.[1] ?? "";
  const [listed = "", instead = ""] = clause.split(", its ");
  const leftOut = [...listed.matchAll(/`([a-z_]+)`/g)].map((match) => match[1] ?? "");
  const goesAs = /^`([a-z_]+)` going as `([a-z_.]+)`/.exec(instead);
  return { leftOut, goesAs: goesAs ? [goesAs[1] ?? "", goesAs[2] ?? ""] : undefined };
}

describe("the guide's toolSchema row", () => {
  for (const api of Object.keys(bodyOf)) {
    it(`names the fields "moonshot" leaves out over api ${api}, and where the others go`, () => {
      const model = models[api];
      const build = bodyOf[api];
      if (!model || !build) throw new Error(`no model for ${api}`);
      expect(model.compat.toolSchema).toBe("moonshot");
      const body = build(model);
      const sent = JSON.stringify(body);
      // Sent as it is (by its name), somewhere else (its value in another field), or not at all.
      const asItIs = Object.keys(PLATFORM_FIELDS).filter((field) => field in body);
      const elsewhere = Object.keys(PLATFORM_FIELDS).filter(
        (field) => !(field in body) && sent.includes(JSON.stringify(PLATFORM_FIELDS[field])),
      );
      const leftOut = Object.keys(PLATFORM_FIELDS).filter(
        (field) => !asItIs.includes(field) && !elsewhere.includes(field),
      );
      const said = rowSays(api);
      expect(asItIs).toEqual([]);
      expect(said.leftOut.sort()).toEqual(leftOut.sort());
      expect(said.goesAs?.[0]).toBe(elsewhere[0]);
      expect(elsewhere.length).toBeLessThanOrEqual(1);
      if (said.goesAs === undefined) return;
      const [field, path] = said.goesAs;
      const value = path
        .split(".")
        .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], body);
      expect(value).toBe(PLATFORM_FIELDS[field]);
    });
  }
});
