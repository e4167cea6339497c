/**
 * Cooldowns and the runtime measure time on a clock that only moves forward: a step of the wall
 * clock (NTP, a VM resumed, the time set by hand) neither ends a model's cooldown early nor
 * stretches it by the size of the step.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCooldowns, openRuntime } from "../../src/runtime/index.js";
import { waitFor } from "../helpers/wait.js";
import { type SimEnv, startSimEnv } from "./sim-env.js";

const HOUR = 3_600_000;

let env: SimEnv | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await env?.close();
  env = undefined;
});

/**
 * A wall clock that can be stepped: Date.now() reads the real one plus the step. Installed before
 * anything under test reads (or keeps a reference to) Date.now.
 */
function steppableWallClock(): { step(ms: number): void } {
  const realNow = Date.now.bind(Date);
  let offset = 0;
  vi.spyOn(Date, "now").mockImplementation(() => realNow() + offset);
  return {
    step(ms) {
      offset += ms;
    },
  };
}

describe("a wall-clock step", () => {
  it("an hour forward does not end a model's cooldown", () => {
    const wallClock = steppableWallClock();
    const cooldowns = createCooldowns();
    cooldowns.coolModel("moonshot/kimi-k2.5", 60_000, "server");
    wallClock.step(HOUR);
    expect(cooldowns.model("moonshot/kimi-k2.5")?.reason).toBe("server");
  });

  it("an hour back does not stretch a 30 ms cooldown to an hour", async () => {
    const wallClock = steppableWallClock();
    const cooldowns = createCooldowns();
    cooldowns.coolModel("moonshot/kimi-k2.5", 30, "server");
    wallClock.step(-HOUR);
    expect(await waitFor(() => cooldowns.model("moonshot/kimi-k2.5") === undefined, 2_000)).toBe(
      true,
    );
  });

  it("a runtime skips the model it benched a moment ago, the wall clock an hour later", async () => {
    env = await startSimEnv({ fallbacks: ["moonshot/kimi-k2-turbo-preview"] });
    const wallClock = steppableWallClock();
    env.sim.failNext(1, "server", { model: "kimi-k2.5" });
    const { runtime } = openRuntime({ env: env.env, retry: { maxAttempts: 1 } });
    const ask = { messages: [{ role: "user" as const, content: "hi" }] };
    const first = await runtime.complete({ request: ask });
    expect(first.model).toBe("moonshot/kimi-k2-turbo-preview");
    wallClock.step(HOUR);
    const second = await runtime.complete({ request: ask });
    expect(second.model).toBe("moonshot/kimi-k2-turbo-preview");
    expect(second.failedAttempts[0]?.message).toMatch(
      /^moonshot\/kimi-k2\.5 skipped: cooling down for \d+s after a server error$/,
    );
    const asked = env.sim.chatRequests().map((r) => (r.body as { model: string }).model);
    expect(asked).toEqual(["kimi-k2.5", "kimi-k2-turbo-preview", "kimi-k2-turbo-preview"]);
  });
});
