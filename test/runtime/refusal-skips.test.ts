/**
 * What the library's errors say when a provider refuses the key, the client, or a used-up plan,
 * and what the next request (not sent) says: the same advice, never a rest period. Against the
 * simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { OpenClawError } from "../../src/errors.js";
import { createCooldowns, openRuntime } from "../../src/runtime/index.js";
import { simEnvPerTest } from "./sim-env.js";

const startEnv = simEnvPerTest();
const ask = { messages: [{ role: "user" as const, content: "hello" }] };

async function failure(promise: Promise<unknown>): Promise<OpenClawError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(Error);
  return caught as OpenClawError;
}

describe("refusals the runtime tells again", () => {
  it("a refused key: the first error's hint names where the key came from, and the next repeats it", async () => {
    const env = await startEnv();
    const { runtime } = openRuntime({
      env: {
        ...env.env,
        MOONSHOT_API_KEY: "sk-test-moonshot-ai-9999",
        OPENCLAW_MOONSHOT_AI_BASE_URL: env.sim.moonshotBaseUrl,
      },
    });
    const first = await failure(runtime.complete({ request: ask }));
    // The runtime reads the keys of the state dir its env names: onboard's command carries it;
    // the env is read when openRuntime is called (not 'when openclaw starts').
    expect(first.hint).toBe(
      `put the right key in MOONSHOT_API_KEY in the env openRuntime is given (read when openRuntime is called: call it again with the new one), or store one with: OPENCLAW_STATE_DIR=${env.stateDir} openclaw onboard --auth-choice moonshot-api-key, which the next request uses at once`,
    );
    const next = await failure(runtime.complete({ request: ask }));
    expect(env.sim.chatRequests()).toHaveLength(1);
    expect(next.hint).toBe(first.hint);
    expect(`${first.message} ${first.hint} ${next.message}`).not.toMatch(/9999/);
  });

  it("a refused client: the next request says which User-Agent was refused and where to set one, not 'benched'", async () => {
    const env = await startEnv({ primary: "kimi-code/kimi-for-coding" });
    env.sim.script([{ respond: { error: "accessTerminated" }, times: 1 }]);
    const cooldowns = createCooldowns();
    const { runtime } = openRuntime({ env: env.env, cooldowns });
    const first = await failure(runtime.complete({ request: ask }));
    expect(first).toMatchObject({ errorClass: "forbidden_client" });
    const next = await failure(runtime.complete({ request: ask }));
    expect(env.sim.chatRequests()).toHaveLength(1);
    expect(next.message).toBe(
      'kimi-code/kimi-for-coding not tried: provider kimi-code refused this client (User-Agent "KimiCLI/0.77") on an earlier request; the same request would be refused again',
    );
    expect(next.message).not.toMatch(/benched|cooling/);
    expect(next.hint).toBe(first.hint);
    expect(next.hint).toContain("KimiCLI/<version>");

    // The header fixed in the config (a gateway reloads it, keeping its cooldowns): sent at once.
    const file = path.join(env.stateDir, "openclaw.json");
    const config = readFileSync(file, "utf8").replace('"KimiCLI/0.77"', '"KimiCLI/1.2.0"');
    writeFileSync(file, config);
    const reloaded = openRuntime({ env: env.env, cooldowns }).runtime;
    const answer = await reloaded.complete({ request: ask });
    expect(answer.model).toBe("kimi-code/kimi-for-coding");
    expect(env.sim.chatRequests()).toHaveLength(2);
  });

  it("a used-up Kimi Code plan (403 as the client refusal): the next request still says the plan ran out and when it resets", async () => {
    const env = await startEnv({ primary: "kimi-code/kimi-for-coding" });
    env.sim.script([{ respond: { error: "planLimit" }, times: 1 }]);
    const { runtime } = openRuntime({ env: env.env });
    const first = await failure(runtime.complete({ request: ask }));
    expect(first).toMatchObject({ errorClass: "quota" });
    const next = await failure(runtime.complete({ request: ask }));
    expect(env.sim.chatRequests()).toHaveLength(1);
    expect(next).toMatchObject({ errorClass: "quota" });
    expect(next.message).toContain("Your quota will reset when the current 7-day window ends");
    expect(next.hint).toContain("your Kimi Code plan quota is used up");
    expect(next.hint).toContain("the key is tried again every 30 s");
    expect(`${next.message} ${next.hint}`).not.toMatch(/User-Agent|refused this client/);
  });
});
