/**
 * Grok CLI (@vibe-kit/grok-cli 0.0.34) sends its default model, "grok-code-fast-1", when none is
 * set. The 404 said only that the name is not configured and that GET /v1/models lists the
 * served ones; it now says how to set Grok CLI's model. Body as Grok CLI sent it (recorded, its
 * system prompt and tools shortened).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

async function refusal(request: Promise<unknown>): Promise<{ status?: number; message: string }> {
  try {
    await request;
  } catch (error) {
    const { status, message } = error as { status?: number; message: string };
    return { status, message };
  }
  throw new Error("the request was not refused");
}

describe("a Grok model name sent by Grok CLI's default", () => {
  it("gets a 404 saying how to give Grok CLI a model this gateway serves", async () => {
    const { status, message } = await refusal(
      env.client().chat.completions.create({
        model: "grok-code-fast-1",
        messages: [
          { role: "system", content: "You are Grok CLI, an AI assistant." },
          { role: "user", content: "hi" },
        ],
        tools: [
          {
            type: "function",
            function: {
              name: "view_file",
              description: "View contents of a file or list directory contents",
              parameters: {
                type: "object",
                properties: { path: { type: "string" } },
                required: ["path"],
              },
            },
          },
        ],
        tool_choice: "auto",
        temperature: 0.7,
        max_tokens: 1536,
        stream: false,
        // xAI's Live Search switch, which Grok CLI sends with every request.
        search_parameters: { mode: "off" },
      } as Parameters<ReturnType<GatewayEnv["client"]>["chat"]["completions"]["create"]>[0]),
    );
    expect(status).toBe(404);
    expect(message).toContain('model "grok-code-fast-1" is not configured');
    expect(message).toContain("one of xAI's Grok model names");
    expect(message).toContain("grok -m openclaw, GROK_MODEL=openclaw");
    // Grok CLI 0.0.34 reads the project's .grok/settings.json before ~/.grok/user-settings.json's
    // defaultModel, and writes the former with grok-code-fast-1 on its first run: the advice
    // names the file that counts.
    expect(message).toContain(
      '"model": "openclaw" in .grok/settings.json in the project directory',
    );
    expect(message).not.toContain("defaultModel");
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("says nothing of Grok for another unknown name", async () => {
    const { message } = await refusal(
      env.client().chat.completions.create({
        model: "k9",
        messages: [{ role: "user", content: "Hi" }],
      }),
    );
    expect(message).not.toContain("Grok");
  });

  it("on /v1/responses, which Grok CLI never uses, gets the advice for any unknown name", async () => {
    const { status, message } = await refusal(
      env.client().responses.create({ model: "grok-code-fast-1", input: "hi" }),
    );
    expect(status).toBe(404);
    expect(message).toContain(
      'model "grok-code-fast-1" is not configured; GET /v1/models lists the models this gateway serves',
    );
    expect(message).not.toContain("Grok");
    expect(env.sim.chatRequests()).toHaveLength(0);
  });
});
