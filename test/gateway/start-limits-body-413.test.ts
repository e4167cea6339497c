/**
 * A program that starts the gateway with `startGateway({ limits: { maxBodyBytes } })`: a body
 * over that limit gets a 413 naming the option the program gave, on chat completions and on
 * Anthropic's messages route. Before, it said `gateway.limits.maxBodyBytes in its config`, a
 * setting the program never wrote (raising it there changes nothing: the option wins). A limit
 * the config sets is still named as the config's.
 */
import { describe, expect, it } from "vitest";
import { startGateway } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

const TOKEN = "tok-test-body-limit-01";

async function refusal(
  start: Parameters<typeof startGateway>[0],
  path: string,
): Promise<{ status: number; message: unknown }> {
  const gateway = await startGateway({
    port: 0,
    watch: false,
    env: { OPENCLAW_STATE_DIR: tempDir("openclaw-body-limit-413-") },
    ...start,
  });
  try {
    const answer = await fetch(`${gateway.url}${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "x-api-key": TOKEN,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        max_tokens: 16,
        messages: [{ role: "user", content: "x".repeat(4096) }],
      }),
    });
    const body = (await answer.json()) as { error?: { message?: unknown } };
    return { status: answer.status, message: body.error?.message };
  } finally {
    await gateway.close(0);
  }
}

const OPTION =
  "request body exceeds 2048 bytes, this gateway's limit (limits.maxBodyBytes, given to startGateway by the program that started it)";

describe("the 413 of a gateway a program started", () => {
  it("names startGateway's limits.maxBodyBytes when the program gave it", async () => {
    const config = { gateway: { auth: { token: TOKEN }, ledger: { enabled: false } } };
    const start = { config, limits: { maxBodyBytes: 2048 } };
    expect(await refusal(start, "/v1/chat/completions")).toEqual({
      status: 413,
      message: OPTION,
    });
    expect(await refusal(start, "/v1/messages")).toEqual({ status: 413, message: OPTION });
  });

  it("names the config's setting when the config set the limit", async () => {
    const config = {
      gateway: {
        auth: { token: TOKEN },
        ledger: { enabled: false },
        limits: { maxBodyBytes: 2048 },
      },
    };
    expect(await refusal({ config }, "/v1/chat/completions")).toEqual({
      status: 413,
      message:
        "request body exceeds 2048 bytes, this gateway's limit (gateway.limits.maxBodyBytes in its config)",
    });
  });
});
