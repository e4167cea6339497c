/**
 * A library caller's `stop` over what the model's endpoint takes is refused before it is sent,
 * as an OpenClawError `request.invalid` naming the entry, the limit and the model; the limit is
 * the endpoint's (Moonshot's 5 of 32 bytes), and `compat.maxStopSequences` /
 * `compat.maxStopSequenceBytes` in the config set it otherwise.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OpenClawError } from "../../src/errors.js";
import { openRuntime } from "../../src/runtime/index.js";
import { runCli } from "../helpers/cli.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { eventually } from "../helpers/wait.js";
import { simEnvPerTest } from "./sim-env.js";

const simEnv = simEnvPerTest();

const ask = (stop: string | string[]) => ({
  model: "moonshot/kimi-k2.5",
  request: { messages: [{ role: "user" as const, content: "Count to ten" }], stop },
});

describe("stop sequences through the library", () => {
  it("refuses a sixth one for a Moonshot model, sending nothing", async () => {
    const env = await simEnv();
    const { runtime } = openRuntime({ env: env.env });
    const error = await runtime
      .complete(ask(["1", "2", "3", "4", "5", "6"]))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenClawError);
    expect(error).toMatchObject({
      code: "request.invalid",
      where: "request.stop",
      message:
        "request.stop has 6 entries, and moonshot/kimi-k2.5 takes at most 5: send 5 or fewer",
    });
    // Named as the library's check of the field's type names it.
    await expect(runtime.complete(ask(5 as unknown as string))).rejects.toMatchObject({
      code: "request.invalid",
      where: "request.stop",
    });
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("takes the limits from the provider's compat in the config", async () => {
    const env = await simEnv();
    const file = path.join(env.stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.models.providers.moonshot.compat = { maxStopSequences: 2, maxStopSequenceBytes: 4 };
    writeFileSync(file, JSON.stringify(config));
    const { runtime } = openRuntime({ env: env.env });
    await expect(runtime.complete(ask(["a", "b", "c"]))).rejects.toMatchObject({
      code: "request.invalid",
      where: "request.stop",
      message:
        "request.stop has 3 entries, and moonshot/kimi-k2.5 takes at most 2: send 2 or fewer",
    });
    await expect(runtime.complete(ask(["a", "abcde"]))).rejects.toMatchObject({
      where: "request.stop[1]",
      message:
        'request.stop[1] "abcde" is 5 bytes in UTF-8, and moonshot/kimi-k2.5 takes at most 4 bytes a stop sequence: shorten it',
    });
    expect(env.sim.chatRequests()).toHaveLength(0);
    await runtime.complete(ask(["a", "abcd"]));
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ stop: ["a", "abcd"] });
  });

  it("refuses stop sequences the config's params send, naming that path, in the library and the CLI", async () => {
    const env = await simEnv();
    const file = path.join(env.stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.agents.defaults.models["moonshot/kimi-k2.5"].params = {
      stop: ["1", "2", "3", "4", "5", "6"],
    };
    writeFileSync(file, JSON.stringify(config));
    const path6 = 'agents.defaults.models["moonshot/kimi-k2.5"].params.stop';
    const { runtime } = openRuntime({ env: env.env });
    const request = { messages: [{ role: "user" as const, content: "Count to ten" }] };
    await expect(runtime.complete({ model: "moonshot/kimi-k2.5", request })).rejects.toMatchObject({
      code: "config.params_invalid",
      where: path6,
      message: `${path6} has 6 entries, and moonshot/kimi-k2.5 takes at most 5: keep 5 or fewer`,
    });
    const cli = await runCli(["agent", "-m", "Count to ten"], { env: env.cliEnv });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`${path6} has 6 entries, and moonshot/kimi-k2.5 takes at most 5`);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
    expect(env.sim.chatRequests()).toHaveLength(0);
    // The caller's own stop sequences win over the config's, as its other values do.
    await runtime.complete(ask(["END"]));
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ stop: ["END"] });
  });
});

describe("stop sequences in the config's params, before any request", () => {
  it("are reported by config validate and doctor at their file and line, with the fix", async () => {
    const env = await simEnv();
    const file = path.join(env.stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.agents.defaults.models["moonshot/kimi-k2.5"].params = {
      stop: ["END", "a stop sequence longer than thirty-two bytes"],
    };
    const text = JSON.stringify(config, null, 2);
    writeFileSync(file, text);
    // The entry at fault, on a line of its own.
    const line = text.split("\n").findIndex((written) => written.includes("thirty-two")) + 1;
    const at = 'agents.defaults.models["moonshot/kimi-k2.5"].params.stop';
    const said = `${at}[1]: "a stop sequence longer than thirty-two b…" (44 characters) is 44 bytes in UTF-8, and moonshot/kimi-k2.5 takes at most 32 bytes a stop sequence: shorten it; every request to moonshot/kimi-k2.5 that sends no stop of its own is refused (${file}:${line})`;
    const validate = await runCli(["config", "validate"], { env: env.cliEnv });
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).toContain(said);
    expect(validate.stdout + validate.stderr).toContain(
      `hint: change it, or remove it: openclaw config unset '${at}'`,
    );
    const doctor = await runCli(["doctor"], { env: env.cliEnv });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout + doctor.stderr).toContain(said);
    // The gateway starts (the other models serve) and lists it among its problems.
    const gateway = await startGatewayProcess({ ...env.cliEnv, NO_COLOR: "1" });
    try {
      await eventually(() => gateway.stderr().includes("params.stop"));
      expect(gateway.stderr()).toContain(`problem: ${said}`);
    } finally {
      killGatewayProcesses();
    }
    expect(env.sim.chatRequests()).toHaveLength(0);
  });
});
