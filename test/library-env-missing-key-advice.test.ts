/**
 * A program that opens its runtime with its own `env` (the guide's "Whose key wins" example) and
 * has no key for the provider in it: the shell's variables are not read then, so the hint says to
 * put the variable in the env given. Before, it said `set one of: auth profile
 * "moonshot:default", $MOONSHOT_API_KEY; or run: …openclaw onboard …`, and a developer who
 * exported MOONSHOT_API_KEY in the shell, as told, got the same error again.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isOpenClawError, openRuntime, resolveModel } from "../src/index.js";
import { withSimulator } from "./helpers/file-simulator.js";
import { tempDir } from "./helpers/tmp.js";
import type { Simulator } from "./simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

const ask = {
  model: "moonshot/kimi-k2.5",
  request: { messages: [{ role: "user" as const, content: "Hi" }] },
};

describe("the missing key's hint of a runtime given its own env", () => {
  it("says to put the variable in the env given, which is read in place of the shell's", async () => {
    const dir = tempDir("g-env-state-");
    const config = { models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } } };
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
    const shellKey = process.env.MOONSHOT_API_KEY;
    // The shell holds a key; a runtime given its own env does not read it.
    process.env.MOONSHOT_API_KEY = sim.keys.moonshot;
    try {
      const unsetInProgram: string | undefined = undefined;
      const opened = openRuntime({
        env: { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: unsetInProgram },
      });
      const error = await opened.runtime.complete(ask).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      if (!isOpenClawError(error)) throw new Error(`expected an OpenClawError, got ${error}`);
      expect(error.code).toBe("provider.auth");
      expect(error.hint).toContain("or pass MOONSHOT_API_KEY in the env openRuntime is given");
      expect(error.hint).toContain(`or run: OPENCLAW_STATE_DIR=${dir} openclaw onboard`);
      // `missingKey`, asked before any input, says the same.
      const early = opened.missingKey(resolveModel(opened.catalog, ask.model));
      expect(early?.hint).toContain("MOONSHOT_API_KEY in the env openRuntime is given");
      // Done as it says, the run has its key.
      const fixed = openRuntime({
        env: { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: sim.keys.moonshot },
      });
      await expect(fixed.runtime.complete(ask)).resolves.toMatchObject({
        model: "moonshot/kimi-k2.5",
      });
    } finally {
      if (shellKey === undefined) delete process.env.MOONSHOT_API_KEY;
      else process.env.MOONSHOT_API_KEY = shellKey;
    }
  });

  it("names the variable the config file's apiKey references, not the provider's own", async () => {
    const dir = tempDir("g-env-state-");
    const apiKey = "${MY_KEY}";
    const config = {
      models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl, apiKey } } },
    };
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config, null, 2));
    const opened = openRuntime({ env: { OPENCLAW_STATE_DIR: dir } });
    const hint = opened.missingKey(resolveModel(opened.catalog, ask.model))?.hint;
    expect(hint).toContain("or pass MY_KEY in the env openRuntime is given");
    expect(hint).not.toContain("MOONSHOT_API_KEY in the env");
    // Done as it says, the run has its key.
    const fixed = openRuntime({ env: { OPENCLAW_STATE_DIR: dir, MY_KEY: sim.keys.moonshot } });
    await expect(fixed.runtime.complete(ask)).resolves.toMatchObject({
      model: "moonshot/kimi-k2.5",
    });
  });
});
