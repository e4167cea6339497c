/**
 * OPENCLAW_CONFIG_PATH set to the state directory (the directory of the config, taken for the
 * file). Every command said to move that directory away (`mv <state> <state>.d`), which moves
 * the config, the keys, the sessions and the usage ledger with it. When the directory holds an
 * openclaw.json, the hint now names that file and says to point the variable at it; nothing is
 * moved or written. A directory that holds no config keeps the old advice (config.test.ts).
 * The built CLI (`npm run build` first); no provider is asked.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = "{\n  gateway: { port: 18790 },\n}\n";

describe("OPENCLAW_CONFIG_PATH naming the directory that holds openclaw.json", () => {
  it("says to point the variable at the file in it, not to move the directory", async () => {
    const state = tempDir();
    const file = path.join(state, "openclaw.json");
    writeFileSync(file, CONFIG);
    const env = { OPENCLAW_CONFIG_PATH: state, OPENCLAW_STATE_DIR: state };
    for (const args of [
      ["config", "validate"],
      ["config", "set", "gateway.port", "1"],
      ["models", "list"],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr).toBe(
        `error: cannot read config file ${state}: it is a directory\nhint: it holds the config file ${file}: point OPENCLAW_CONFIG_PATH at that file (export OPENCLAW_CONFIG_PATH=${file}); nothing was changed\n`,
      );
    }
    const doctor = await runCli(["doctor", "--json"], { env });
    const findings = (JSON.parse(doctor.stdout) as { findings: { check: string; hint: string }[] })
      .findings;
    expect(findings.find((item) => item.check === "config")?.hint).toContain(
      `point OPENCLAW_CONFIG_PATH at that file (export OPENCLAW_CONFIG_PATH=${file})`,
    );
    expect(readFileSync(file, "utf8")).toBe(CONFIG);
  });
});
