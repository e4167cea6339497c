/**
 * A slip in agents.defaults.model.primary: `config validate` fails the file (exit 1), so doctor's
 * config line must not call it valid; it says what holds (it parses and matches the schema) and
 * that the default model is the model check's failure.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

const CONFIG = `{
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.55" } } },
}
`;

describe("doctor and config validate on a default model with a slip", () => {
  it("agree that the file is not valid as it stands", async () => {
    const dir = tempFiles({ "openclaw.json": CONFIG });
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1" };
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).toContain("agents.defaults.model.primary");

    const doctor = await runCli(["doctor"], { env });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).not.toContain("is valid");
    expect(doctor.stdout).toMatch(
      /✓ config +\S+openclaw\.json parses and matches the schema \(no providers configured\); its default model is not usable: see model below/,
    );
    expect(doctor.stdout).toMatch(
      /✗ model +the default model moonshot\/kimi-k2\.55 cannot be used/,
    );
  });

  it("still calls a file with a usable default model valid", async () => {
    const dir = tempFiles({
      "openclaw.json": CONFIG.replace("kimi-k2.55", "kimi-k2.5"),
    });
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1" };
    const doctor = await runCli(["doctor"], { env });
    expect(doctor.stdout).toMatch(
      /✓ config +\S+openclaw\.json is valid \(no providers configured\)/,
    );
  });
});
