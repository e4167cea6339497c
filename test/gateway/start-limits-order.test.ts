/**
 * `startGateway({ limits })` with `requestTimeoutMs` below `headersTimeoutMs` (10 s unless given):
 * Node's server threw a RangeError in its own words ("The value of "headersTimeout" is out of
 * range") after the ledger had been opened, and the program then never exited. The config check
 * refuses such a config; the option is now refused too, as a usage error, before anything opens.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startGateway } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

describe("startGateway's limits: requestTimeoutMs below headersTimeoutMs", () => {
  it("is refused as a usage error naming both, and no ledger is opened", async () => {
    const stateDir = tempDir("openclaw-start-limits-order-");
    const started = startGateway({
      port: 0,
      limits: { requestTimeoutMs: 2000 },
      config: { gateway: { auth: { token: "tok-test-limits-order-0001" } } },
      env: { OPENCLAW_STATE_DIR: stateDir },
      watch: false,
    });
    await expect(started).rejects.toMatchObject({
      name: "UsageError",
      code: "usage",
      message:
        "startGateway's limits: requestTimeoutMs (2000) is less than headersTimeoutMs (10000): the whole request, its headers included, must arrive within requestTimeoutMs",
      hint: "give requestTimeoutMs 10000 or more, or headersTimeoutMs 2000 or less",
    });
    expect(existsSync(join(stateDir, "usage.sqlite"))).toBe(false);
  });

  it("equal timeouts start, and the gateway answers", async () => {
    const gateway = await startGateway({
      port: 0,
      limits: { headersTimeoutMs: 2000, requestTimeoutMs: 2000 },
      config: { gateway: { auth: { token: "tok-test-limits-order-0001" } } },
      env: { OPENCLAW_STATE_DIR: tempDir("openclaw-start-limits-equal-") },
      watch: false,
    });
    try {
      const models = await fetch(`${gateway.url}/v1/models`, {
        headers: { authorization: "Bearer tok-test-limits-order-0001" },
      });
      expect(models.status).toBe(200);
      expect(((await models.json()) as { object: string }).object).toBe("list");
    } finally {
      await gateway.close();
    }
  });
});
