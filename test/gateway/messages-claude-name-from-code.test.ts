/**
 * Code on an Anthropic SDK that keeps the Claude model its author wrote (the official SDK's
 * `model: "claude-sonnet-4-5-20250929"`, the AI SDK's `anthropic("claude-sonnet-4-5")`), as run
 * against the gateway with @anthropic-ai/sdk 1.10 and @ai-sdk/anthropic 4.0.105: the 404 told it to
 * set Claude Code's ANTHROPIC_DEFAULT_*_MODEL variables, which such code never reads. It now says
 * to name one of the gateway's models in the code; Claude Code still gets its settings. Real
 * sockets, the simulator; the request headers as each client sent them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ start: { log: () => {} } });
});
afterAll(async () => {
  await env?.close();
});

async function notFoundMessage(
  path: string,
  model: string,
  headers: Record<string, string>,
): Promise<string> {
  const response = await fetch(`${env.gateway.url}${path}`, {
    method: "POST",
    headers: { "x-api-key": GATEWAY_TOKEN, "content-type": "application/json", ...headers },
    body: JSON.stringify({ model, max_tokens: 100, messages: [{ role: "user", content: "hi" }] }),
  });
  expect(response.status).toBe(404);
  const body = (await response.json()) as {
    type: string;
    error: { type: string; message: string };
  };
  expect(body.error.type).toBe("not_found_error");
  return body.error.message;
}

const OFFICIAL_SDK = { "user-agent": "Anthropic/JS 1.10.0", "anthropic-version": "2026-10-21" };
const AI_SDK = {
  "user-agent": "ai/7.0.173 ai-sdk-provider-utils/5.0.81 node.js/v20.20.2",
  "anthropic-version": "2023-06-01",
};

describe("a Claude model name from code on an Anthropic SDK", () => {
  it.each([
    ["the official SDK", "claude-sonnet-4-5-20250929", OFFICIAL_SDK],
    ["the AI SDK", "claude-sonnet-4-5", AI_SDK],
  ])(
    "%s is told to name one of the gateway's models in its code",
    async (_client, model, headers) => {
      for (const path of ["/v1/messages", "/v1/messages/count_tokens"]) {
        const message = await notFoundMessage(path, model, headers);
        expect(message).toContain(`model "${model}" is not configured`);
        expect(message).toContain(
          `this is one of Anthropic's model names, which this gateway does not serve; name one of its models where your code names this one ("openclaw" for its default model, or one of the refs GET /v1/models lists)`,
        );
        expect(message).toContain("openclaw models aliases add <name> <model>");
        expect(message).not.toContain("ANTHROPIC_DEFAULT_HAIKU_MODEL");
      }
    },
  );

  it("still gives Claude Code (by its user agent or its beta) the settings that choose its models", async () => {
    const claudeCode: Record<string, string>[] = [
      { "user-agent": "claude-cli/2.1.197 (external, sdk-cli)", "anthropic-version": "2023-06-01" },
      {
        "anthropic-version": "2023-06-01",
        "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14",
      },
    ];
    for (const headers of claudeCode) {
      const message = await notFoundMessage("/v1/messages", "claude-3-5-haiku-20241022", headers);
      expect(message).toContain("ANTHROPIC_DEFAULT_HAIKU_MODEL=openclaw");
    }
  });
});
