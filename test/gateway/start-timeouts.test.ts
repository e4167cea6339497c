/**
 * Upstream timeouts given to `startGateway` or set in `gateway.timeouts`: a bad one refuses the
 * start (not every request with a 400), and 0 is no limit, as the config documents.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartGatewayOptions, startGateway } from "../../src/gateway/index.js";
import type { Timeouts } from "../../src/providers/types.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { gatewayEnv } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { chatStatus, simConfig } from "./harness.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

async function start(
  configTimeouts: Record<string, unknown> | undefined,
  timeouts?: unknown,
): ReturnType<typeof startGateway> {
  const dir = tempDir();
  const config = simConfig(sim, configTimeouts ? { gateway: { timeouts: configTimeouts } } : {});
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
  return startGateway({
    env: gatewayEnv(dir, sim.keys),
    port: 0,
    transports: await defaultTransports(),
    watch: false,
    ...(timeouts === undefined ? {} : { timeouts: timeouts as Timeouts }),
  } satisfies StartGatewayOptions);
}

describe("startGateway's timeouts", () => {
  it.each([
    ["totalMs NaN", { totalMs: Number.NaN }, "timeouts.totalMs", "got NaN"],
    ["a negative idleMs", { idleMs: -5 }, "timeouts.idleMs", "got -5"],
    ["a string", { firstByteMs: "30000" }, "timeouts.firstByteMs", 'got "30000"'],
    ["an unknown name", { total: 5000 }, "timeouts.total", "did you mean totalMs?"],
    ["null", null, "timeouts", "got null"],
  ])("refuses %s at start, naming the option", async (_label, timeouts, where, detail) => {
    const refused = await start(undefined, timeouts).then(
      (gateway) => gateway.close().then(() => undefined),
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({
      code: "gateway.bad_timeouts",
      where,
      message: expect.stringContaining(detail),
      hint: expect.stringContaining("0 is no limit"),
    });
  });

  it("takes 0 as no limit, from the config or the option, and answers requests", async () => {
    for (const gateway of [
      await start({ totalMs: 0, idleMs: 0 }),
      await start(undefined, { firstByteMs: 0, totalMs: undefined }),
    ]) {
      try {
        expect(await chatStatus(gateway.url)).toBe(200);
      } finally {
        await gateway.close();
      }
    }
  });
});
