/**
 * A program that starts the gateway with `startGateway({ limits: { maxMessages } })`: a request
 * over that limit is refused naming the option the program gave, on chat completions,
 * /v1/responses and Anthropic's messages route, as the 413 over its body limit does. Before, it
 * said `gateway.limits.maxMessages in its config`, a setting the program never wrote (raising it
 * there changes nothing: the option wins). A limit the config sets is still named as the config's.
 */
import { describe, expect, it } from "vitest";
import { startGateway } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

const TOKEN = "tok-test-msg-limit-01";
const ROUTES = ["/v1/chat/completions", "/v1/responses", "/v1/messages"] as const;

function bodyFor(path: (typeof ROUTES)[number]): unknown {
  const turns = ["a", "b", "c"];
  if (path === "/v1/responses")
    return {
      model: "moonshot/kimi-k2.5",
      input: turns.map((text) => ({ role: "user", content: text })),
    };
  return {
    model: "moonshot/kimi-k2.5",
    max_tokens: 16,
    messages: [
      { role: "user", content: "a" },
      { role: "assistant", content: "b" },
      { role: "user", content: "c" },
    ],
  };
}

async function refusals(
  start: Parameters<typeof startGateway>[0],
): Promise<{ path: string; status: number; message: unknown }[]> {
  const gateway = await startGateway({
    port: 0,
    watch: false,
    env: { OPENCLAW_STATE_DIR: tempDir("openclaw-msg-limit-") },
    ...start,
  });
  try {
    const out: { path: string; status: number; message: unknown }[] = [];
    for (const path of ROUTES) {
      const answer = await fetch(`${gateway.url}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${TOKEN}`,
          "x-api-key": TOKEN,
          "content-type": "application/json",
        },
        body: JSON.stringify(bodyFor(path)),
      });
      const body = (await answer.json()) as { error?: { message?: unknown } };
      out.push({ path, status: answer.status, message: body.error?.message });
    }
    return out;
  } finally {
    await gateway.close(0);
  }
}

const OPTION =
  "this gateway accepts at most 2 (limits.maxMessages, given to startGateway by the program that started it: raise it and restart the gateway to take more)";
const CONFIG =
  "this gateway accepts at most 2 (gateway.limits.maxMessages in its config: raise it and restart the gateway to take more)";

describe("the too-many-messages refusal of a gateway a program started", () => {
  it("names startGateway's limits.maxMessages when the program gave it, on all three routes", async () => {
    const config = { gateway: { auth: { token: TOKEN }, ledger: { enabled: false } } };
    const answers = await refusals({ config, limits: { maxMessages: 2 } });
    expect(answers).toEqual([
      { path: ROUTES[0], status: 400, message: `messages has 3 entries; ${OPTION}` },
      { path: ROUTES[1], status: 400, message: `input has 3 items; ${OPTION}` },
      { path: ROUTES[2], status: 400, message: `messages has 3 entries; ${OPTION}` },
    ]);
  });

  it("names the config's setting when the config set the limit", async () => {
    const config = {
      gateway: {
        auth: { token: TOKEN },
        ledger: { enabled: false },
        limits: { maxMessages: 2 },
      },
    };
    const answers = await refusals({ config });
    expect(answers).toEqual([
      { path: ROUTES[0], status: 400, message: `messages has 3 entries; ${CONFIG}` },
      { path: ROUTES[1], status: 400, message: `input has 3 items; ${CONFIG}` },
      { path: ROUTES[2], status: 400, message: `messages has 3 entries; ${CONFIG}` },
    ]);
  });
});
