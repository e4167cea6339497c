/**
 * Claude Code's gateway model discovery (`GET /v1/models` with anthropic-version) shows in its
 * `/model` picker only the listed ids that begin with `claude` or `anthropic` (its filter, not the
 * gateway's): the configured models (`moonshot/kimi-k2-turbo-preview`) never showed there. An
 * alias so named (`claude-kimi-turbo`) is now an entry of its own in the Anthropic-shaped list,
 * right after its model, so the picker can show it and a request naming it reaches the model.
 * An OpenAI client's list is as before. Through the official Anthropic SDK.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({
    editConfig: (config) => {
      const models = (config.agents as { defaults: { models: Record<string, unknown> } }).defaults
        .models;
      models["moonshot/kimi-k2-turbo-preview"] = { alias: "claude-kimi-turbo" };
    },
  });
});
afterAll(async () => {
  await env?.close();
});

/** What Claude Code's discovery keeps of a list: the ids beginning with claude or anthropic. */
const pickerIds = (ids: string[]) => ids.filter((id) => /^(claude|anthropic)/i.test(id));

it("lists an alias beginning with claude as an entry of its own, which Claude Code's filter keeps", async () => {
  const anthropic = env.anthropic();
  const page = await anthropic.models.list({ limit: 1000 });
  const ids = page.data.map((model) => model.id);
  expect(pickerIds(ids)).toEqual(["claude-kimi-turbo"]);
  const at = ids.indexOf("claude-kimi-turbo");
  expect(ids[at - 1]).toBe("moonshot/kimi-k2-turbo-preview");
  expect(page.data[at]).toEqual({
    type: "model",
    id: "claude-kimi-turbo",
    display_name: "Kimi K2 Turbo (moonshot/kimi-k2-turbo-preview)",
    created_at: "2025-07-11T00:00:00Z",
  });
  // Paged by the SDK, each entry comes once; retrieved by its id, the alias's entry.
  const walked: string[] = [];
  for await (const model of anthropic.models.list({ limit: 2 })) walked.push(model.id);
  expect(walked).toEqual(ids);
  expect(await anthropic.models.retrieve("claude-kimi-turbo")).toEqual(page.data[at]);
  // The OpenAI list is as it was: the alias among its model's aliases, no entry of its own.
  const openaiIds = (await env.client().models.list()).data.map((model) => model.id);
  expect(openaiIds).toEqual(ids.filter((id) => id !== "claude-kimi-turbo"));
});

it("answers a request that names the alias Claude Code picked with its model", async () => {
  const message = await env.anthropic().messages.create({
    model: "claude-kimi-turbo",
    max_tokens: 64,
    messages: [{ role: "user", content: "hi" }],
  });
  expect(message.content.at(-1)).toEqual({ type: "text", text: "Echo: hi" });
  expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ model: "kimi-k2-turbo-preview" });
});
