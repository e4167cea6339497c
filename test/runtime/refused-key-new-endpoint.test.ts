/**
 * A key refused as the other platform's (401 wrong_region) is benched for the endpoint that
 * refused it: once the config sends it to the other platform (the fix the refusal asks for, read
 * by a gateway's reload, which keeps its cooldowns), the key goes out at once instead of being
 * skipped as "not tried" until its bench or its next probe is over.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../src/providers/errors.js";
import { createCooldowns, openRuntime } from "../../src/runtime/index.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { type SimEnv, startSimEnv } from "./sim-env.js";

let env: SimEnv | undefined;
let china: Simulator | undefined;
afterEach(async () => {
  await env?.close();
  await china?.close();
  env = undefined;
  china = undefined;
});

const ask = { messages: [{ role: "user" as const, content: "hi" }] };

describe("a key refused by the other platform", () => {
  it("goes out at once to the platform the config names after the fix", async () => {
    env = await startSimEnv({ fallbacks: ["moonshot/kimi-k2-turbo-preview"] });
    // The China platform: the international key is the other platform's there.
    china = await startSimulator({ region: "cn", keys: { ai: [env.sim.keys.moonshot] } });
    const config = JSON.parse(readFileSync(path.join(env.stateDir, "openclaw.json"), "utf8"));
    const fixed = JSON.parse(JSON.stringify(config));
    config.models.providers.moonshot.baseUrl = china.moonshotBaseUrl;
    const cooldowns = createCooldowns();

    const before = openRuntime({ env: env.env, config, cooldowns, retry: { maxAttempts: 1 } });
    const refused = await before.runtime.complete({ request: ask }).catch((error) => error);
    expect(refused).toBeInstanceOf(ProviderError);
    expect((refused as ProviderError).errorClass).toMatch(/^(auth|wrong_region)$/);

    // The config now names the platform the key belongs to; the cooldowns are kept.
    const after = openRuntime({ env: env.env, config: fixed, cooldowns });
    const answer = await after.runtime.complete({ request: ask });
    expect(answer.model).toBe("moonshot/kimi-k2.5");
    expect(answer.failedAttempts).toEqual([]);
    expect(env.sim.chatRequests()).toHaveLength(1);
  });
});
