/**
 * A base URL the API is not under (Moonshot's without its /v1, Kimi Code's /coding root, which is
 * its Anthropic-compatible API) is told as such: the host's 404 (`url.not_found`) names no model,
 * and before the gateway said the model was unknown and sent the user to `models scan`, which
 * fails the same way. Official client, simulator, real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("a base URL without /v1", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      fallbacks: [],
      editConfig: (config) => {
        const providers = (config.models as { providers: Record<string, { baseUrl: string }> })
          .providers;
        const moonshot = providers.moonshot;
        const kimi = providers["kimi-code"];
        if (!moonshot || !kimi) throw new Error("the harness config names both providers");
        moonshot.baseUrl = moonshot.baseUrl.replace(/\/v1$/, "");
        kimi.baseUrl = `${kimi.baseUrl.replace(/\/v1$/, "")}/`;
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is named with the address to set, not taken for an unknown model", async () => {
    const moonshot = await apiFailure(
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hello" }],
      }),
    );
    // The gateway's config to fix, not a model the client named wrong.
    expect([moonshot.status, moonshot.code, moonshot.param]).toEqual([
      502,
      "upstream_no_api",
      null,
    ]);
    expect(moonshot.message).toContain("has no API at its base URL");
    // Where the setting is (the config file's line), what it is, and what to set instead.
    expect(moonshot.message).toContain(`models.providers.moonshot.baseUrl (${env.configPath}:`);
    expect(moonshot.message).toContain(
      `is ${env.sim.url}, where no API answers: set it to ${env.sim.url}/v1`,
    );
    expect(moonshot.message).not.toContain("does not know the model");
    expect(moonshot.message).not.toContain("models scan");

    const kimi = await apiFailure(
      env.client().chat.completions.create({
        model: "kimi-code/kimi-for-coding",
        messages: [{ role: "user", content: "hello" }],
      }),
    );
    expect([kimi.status, kimi.code]).toEqual([502, "upstream_no_api"]);
    expect(kimi.message).toContain("models.providers.kimi-code.baseUrl (");
    expect(kimi.message).toContain(
      `is ${env.sim.url}/coding, where no API answers: set it to ${env.sim.url}/coding/v1`,
    );
    expect(kimi.message).not.toContain("does not know the model");
  });
});

describe("a base URL without /v1 with a working fallback", () => {
  let env: GatewayEnv;
  const logged: string[] = [];
  beforeAll(async () => {
    env = await startGatewayEnv({
      fallbacks: ["kimi-code/kimi-for-coding"],
      start: { log: (line: string) => logged.push(line) },
      editConfig: (config) => {
        const providers = (config.models as { providers: Record<string, { baseUrl: string }> })
          .providers;
        const moonshot = providers.moonshot;
        if (!moonshot) throw new Error("the harness config names moonshot");
        moonshot.baseUrl = moonshot.baseUrl.replace(/\/v1$/, "");
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is answered by the fallback, and the log does not call the model retired", async () => {
    const { data, response } = await env
      .client()
      // The default chain: moonshot/kimi-k2.5, then its fallback.
      .chat.completions.create({
        model: "openclaw",
        messages: [{ role: "user", content: "hello" }],
      })
      .withResponse();
    expect(data.model).toBe("kimi-code/kimi-for-coding");
    expect(response.status).toBe(200);
    // The gateway's log says why requests fall back: the base URL, not a retired id.
    const said = logged.join("\n");
    expect(said).not.toContain("an id it retired");
    expect(said).not.toContain("models scan");
    // Its start already said so, when the provider's model list was not where it asked.
    expect(said).toContain(
      `models.providers.moonshot.baseUrl is ${env.sim.url}, where no API answers: set it to ${env.sim.url}/v1`,
    );
  });

  it("answers from the model itself as soon as its base URL is fixed, not after its minute's bench", async () => {
    const ask = () =>
      env.client().chat.completions.create({
        model: "openclaw",
        messages: [{ role: "user", content: "hello" }],
      });
    // Benched: the default chain goes to the fallback without asking the broken address again.
    expect((await ask()).model).toBe("kimi-code/kimi-for-coding");
    const config = JSON.parse(readFileSync(env.configPath, "utf8")) as {
      models: { providers: Record<string, { baseUrl: string }> };
    };
    const moonshot = config.models.providers.moonshot;
    if (!moonshot) throw new Error("the config names moonshot");
    moonshot.baseUrl = `${env.sim.url}/v1`;
    writeFileSync(env.configPath, JSON.stringify(config, null, 2));
    expect(env.gateway.reload()).toBe(true);
    expect((await ask()).model).toBe("moonshot/kimi-k2.5");
  });
});
