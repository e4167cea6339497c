/**
 * `startGateway({ limits })` with a name it does not take or a value out of range: before, a
 * misspelled name (`maxBody`) or the config's name for a limit (`maxConcurrentStreams`, which the
 * option calls `maxConcurrentUpstream`) was ignored without a word and the gateway ran on its
 * defaults, and `maxBodyBytes: -5` started a gateway that refused every request body. Now each is
 * refused at start (code `usage`, `where` the limit), as `timeouts` and `retry` are, before the
 * ledger is opened.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type GatewayLimits, startGateway } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

function startWith(limits: Record<string, unknown>) {
  const stateDir = tempDir("openclaw-start-limits-option-");
  const started = startGateway({
    port: 0,
    // A program in plain JavaScript passes whatever it read: no type stops it.
    limits: limits as Partial<GatewayLimits>,
    config: { gateway: { auth: { token: "tok-test-limits-option-01" } } },
    env: { OPENCLAW_STATE_DIR: stateDir },
    watch: false,
  });
  return { started, stateDir };
}

const NAMES =
  "the limits it takes are maxBodyBytes, maxMessages, maxConcurrentUpstream, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, writeStallMs, maxConnections";

describe("startGateway's limits", () => {
  it("refuses a misspelled name with the one meant, and opens nothing", async () => {
    const { started, stateDir } = startWith({ maxBody: 2048 });
    await expect(started).rejects.toMatchObject({
      code: "usage",
      where: "limits.maxBody",
      message:
        "startGateway's limits.maxBody is not a limit startGateway takes (did you mean maxBodyBytes?)",
      hint: NAMES,
    });
    expect(existsSync(join(stateDir, "usage.sqlite"))).toBe(false);
  });

  it("refuses the config's names with what the option calls them", async () => {
    await expect(startWith({ maxConcurrentStreams: 4 }).started).rejects.toMatchObject({
      code: "usage",
      where: "limits.maxConcurrentStreams",
      message:
        "startGateway's limits.maxConcurrentStreams is the config's name (gateway.limits.maxConcurrentStreams); startGateway's limits call it maxConcurrentUpstream",
    });
    await expect(startWith({ drainTimeoutMs: 500 }).started).rejects.toMatchObject({
      where: "limits.drainTimeoutMs",
      message:
        "startGateway's limits.drainTimeoutMs is read from the config (gateway.limits.drainTimeoutMs), not from startGateway's limits; set it there, or give close(deadlineMs) its deadline",
    });
  });

  it("refuses a value that is no whole number in the config's range", async () => {
    await expect(startWith({ maxBodyBytes: -5 }).started).rejects.toMatchObject({
      code: "usage",
      where: "limits.maxBodyBytes",
      message: "startGateway's limits.maxBodyBytes must be a whole number 1024 or more, got -5",
      hint: "give a number 1024 or more, or leave it out for gateway.limits of the config (or the default)",
    });
    await expect(startWith({ maxMessages: "10" }).started).rejects.toMatchObject({
      where: "limits.maxMessages",
      message:
        'startGateway\'s limits.maxMessages must be a whole number 1 or more, got the string "10"',
    });
    await expect(startWith({ headersTimeoutMs: 1.5 }).started).rejects.toMatchObject({
      where: "limits.headersTimeoutMs",
      message:
        "startGateway's limits.headersTimeoutMs must be a whole number from 1 to 2147483647, got 1.5",
    });
  });

  it("still starts with limits it takes, undefined ones left out", async () => {
    const gateway = await startWith({ maxBodyBytes: 4096, maxConnections: undefined }).started;
    try {
      const models = await fetch(`${gateway.url}/v1/models`, {
        headers: { authorization: "Bearer tok-test-limits-option-01" },
      });
      expect(models.status).toBe(200);
      await models.arrayBuffer();
    } finally {
      await gateway.close(0);
    }
  });
});
