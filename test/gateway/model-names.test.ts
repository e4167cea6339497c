/**
 * Which model a request's `model` runs: a ref names its own model even when an older config gives
 * another model an alias spelled like it, and a ref's model id matches in any case.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("model names in gateway requests", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    // An alias written before config validate refused a "/" in one: the gateway starts with it
    // (a reload would refuse to bring the problem in).
    env = await startGatewayEnv({
      editConfig: (config) => {
        const agents = config.agents as { defaults: { models: Record<string, unknown> } };
        agents.defaults.models["moonshot/kimi-k2-thinking"] = { alias: "moonshot/kimi-k2.5" };
        // Likewise an alias named "openclaw", which always names the default chain.
        agents.defaults.models["moonshot/kimi-k2-turbo-preview"] = { alias: " OpenClaw " };
        // And one under "openclaw/…", which config validate calls reserved as well.
        agents.defaults.models["moonshot/kimi-k3"] = { alias: "OpenClaw/Fast" };
        // And one with a "/" that names no model: it reads as a ref, so it is no alias either.
        agents.defaults.models["kimi-code/kimi-for-coding"] = { alias: "fast/one" };
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  async function upstreamModelFor(model: string): Promise<unknown> {
    await env.client().chat.completions.create({
      model,
      messages: [{ role: "user", content: "hi" }],
    });
    return (env.sim.chatRequests().at(-1)?.body as { model?: unknown } | undefined)?.model;
  }

  it("runs the model a ref names, not the model with an alias spelled like it", async () => {
    expect(await upstreamModelFor("moonshot/kimi-k2.5")).toBe("kimi-k2.5");
    expect(await upstreamModelFor("MOONSHOT/KIMI-K2.5")).toBe("kimi-k2.5");
    expect(await upstreamModelFor("moonshot/kimi-k2-thinking")).toBe("kimi-k2-thinking");
  });

  it("does not list an alias no request reaches: one named openclaw, one spelled like another model's ref", async () => {
    const list = await env.client().models.list();
    const aliasesOf = (id: string) =>
      (list.data.find((model) => model.id === id) as { aliases?: string[] } | undefined)?.aliases;
    expect(aliasesOf("moonshot/kimi-k2-turbo-preview")).toEqual([]);
    expect(aliasesOf("moonshot/kimi-k2-thinking")).toEqual([]);
    const one = await fetch(`${env.baseURL}/models/moonshot%2Fkimi-k2-turbo-preview`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(((await one.json()) as { aliases: string[] }).aliases).toEqual([]);
    // The name runs the default model, as it always did.
    expect(await upstreamModelFor("OpenClaw")).toBe("kimi-k2.5");
  });

  it("neither lists nor runs an alias under the reserved openclaw/…, and says so at start", async () => {
    const list = await env.client().models.list();
    const k3 = list.data.find((model) => model.id === "moonshot/kimi-k3") as
      | { aliases?: string[] }
      | undefined;
    expect(k3?.aliases).toEqual([]);
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "openclaw/fast", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "model_not_found",
    );
    // What the start prints as a problem, with what to do, as config validate words it.
    expect(env.gateway.backend().problems).toContainEqual({
      where: 'agents.defaults.models["moonshot/kimi-k3"].alias',
      message: expect.stringContaining(
        'alias "OpenClaw/Fast" is not usable: the name "openclaw" (any case, and "openclaw/…") is reserved',
      ),
      hint: expect.stringContaining("openclaw models set moonshot/kimi-k3"),
    });
  });

  it("neither lists nor runs an alias with a / that names no model, and says so at start", async () => {
    const list = await env.client().models.list();
    const coding = list.data.find((model) => model.id === "kimi-code/kimi-for-coding") as
      | { aliases?: string[] }
      | undefined;
    expect(coding?.aliases).toEqual([]);
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "fast/one", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(404);
    expect(env.gateway.backend().problems).toContainEqual({
      where: 'agents.defaults.models["kimi-code/kimi-for-coding"].alias',
      message:
        'alias "fast/one" is not usable: it contains "/", so it reads as a model ref; the gateway does not take it as an alias',
      hint: 'give it a name without "/" or control characters, e.g. "Kimi K2 Thinking"',
    });
  });

  it("lists a model the allowlist spells in another case, with its alias", async () => {
    const config = JSON.parse(readFileSync(env.configPath, "utf8"));
    config.agents.defaults.models["moonshot/KIMI-K2-TURBO-PREVIEW"] = { alias: "Turbo" };
    writeFileSync(env.configPath, JSON.stringify(config));
    expect(env.gateway.reload()).toBe(true);
    const list = await env.client().models.list();
    const turbo = list.data.find((model) => model.id === "moonshot/kimi-k2-turbo-preview") as
      | { aliases?: string[] }
      | undefined;
    expect(turbo?.aliases).toContain("Turbo");
    expect(await upstreamModelFor("Turbo")).toBe("kimi-k2-turbo-preview");
  });

  it("GET /v1/models/{id} answers for the ref's model, in any case", async () => {
    for (const id of ["moonshot/kimi-k2.5", "MOONSHOT%2FKIMI-K2.5"]) {
      const response = await fetch(`${env.baseURL}/models/${id}`, {
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { id: string }).id).toBe("moonshot/kimi-k2.5");
    }
  });
});
