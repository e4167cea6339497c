/**
 * readUsageReport's and readUsageRequests' env and config as plain JavaScript may pass them: an
 * env that is no object of variables (`env: "production"`) was read as one with no variable set,
 * so the call read the ledger of the default state dir (~/.openclaw), neither the process's
 * OPENCLAW_STATE_DIR nor anything meant, and returned its rows without a word; a config file's
 * path given as `config` was refused as "the config must be an object {...}", naming no option.
 * Each is refused as openRuntime and startGateway refuse theirs: code `usage`, `where` the
 * option, nothing read.
 */
import { describe, expect, it } from "vitest";
import { readUsageReport, readUsageRequests } from "../src/index.js";

async function rejection(
  run: () => Promise<unknown>,
): Promise<{ code: string; message: string; where?: string; hint?: string }> {
  try {
    await run();
  } catch (error) {
    return error as { code: string; message: string; where?: string; hint?: string };
  }
  throw new Error("expected a rejection");
}

describe("readUsageReport's and readUsageRequests' env and config", () => {
  for (const [name, call] of [
    ["readUsageRequests", readUsageRequests],
    ["readUsageReport", readUsageReport],
  ] as const) {
    it(`${name} refuses an env that is no object of variables`, async () => {
      for (const env of ["production", null, { OPENCLAW_STATE_DIR: 42 }]) {
        const error = await rejection(() => call({ env: env as never }));
        expect(error.code).toBe("usage");
        expect(error.where).toBe("env");
        expect(error.message).toMatch(
          new RegExp(`^${name}'s option env must be an object of environment variables`),
        );
      }
    });

    it(`${name} refuses a config that is no object, naming the option`, async () => {
      const error = await rejection(() => call({ config: "/srv/app/openclaw.json" as never }));
      expect(error.code).toBe("usage");
      expect(error.where).toBe("config");
      expect(error.message).toMatch(new RegExp(`^${name}'s option config must be an object`));
      expect(error.hint).toContain("OPENCLAW_CONFIG_PATH");
    });
  }
});
