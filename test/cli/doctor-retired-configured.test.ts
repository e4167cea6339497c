/**
 * `openclaw doctor` without --probe on the Moonshot page's own config: four of its models[]
 * entries and aliases are ids openclaw's built-in list marks retired (`models list` tags them so,
 * offline). Doctor said "all good"; it now warns, naming each at its lines, exit 0 still. With
 * --probe the key's own list speaks for them instead, and the prune the hint names (run against
 * the simulator) leaves nothing to warn about. Real CLI, real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { expectAmongModelFindings, expectAmongModelLines } from "../helpers/doctor-order.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

interface RetiredPlaces {
  ref: string;
  replacedBy: string;
  places: { file?: string; line?: number; path: string }[];
}

interface DoctorJson {
  failures: number;
  findings: {
    check: string;
    level: string;
    message: string;
    where?: string;
    hint?: string;
    retired?: RetiredPlaces[];
  }[];
}

const OFFLINE = "openclaw's built-in list marks retired (read offline";

function pageConfig(): { env: Record<string, string>; configPath: string } {
  const spec = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8")
    .replace('"sk-..."', JSON.stringify(sim.keys.moonshot))
    .replace("https://api.moonshot.ai/v1", sim.moonshotBaseUrl);
  const dir = tempDir();
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, spec, { mode: 0o600 });
  return { env: { OPENCLAW_STATE_DIR: dir, COLUMNS: "1000", NO_COLOR: "1" }, configPath };
}

describe("doctor on the page config's retired models[] entries and aliases", () => {
  it("warns offline with each one's lines and the prune, exit 0; --probe leaves it to the key's list", async () => {
    const { env, configPath } = pageConfig();
    const text = await runCli(["doctor"], { env });
    expect(text.code).toBe(0);
    const at = (line: number) => `${configPath}:${line}`;
    expect(text.stdout).toContain(
      `! model    moonshot: the config offers 4 models ${OFFLINE}; \`openclaw doctor --probe\` asks the key's own list, which decides): requests naming them would get 404`,
    );
    expect(text.stdout).toContain(
      `- moonshot/kimi-k2-0905-preview (use moonshot/kimi-k2.5): models[] entry at ${at(36)}, alias "Kimi K2" at ${at(9)}`,
    );
    expect(text.stdout).toContain(
      `- moonshot/kimi-k2-thinking-turbo (use moonshot/kimi-k2.5): models[] entry at ${at(63)}, alias "Kimi K2 Thinking Turbo" at ${at(12)}`,
    );
    expect(text.stdout).not.toContain("moonshot/kimi-k2.5 (use");
    expect(text.stdout).toContain(
      "hint: take the models the key's list leaves out (and their aliases) out of the config with: openclaw models scan --provider moonshot --prune",
    );
    expect(text.stdout.trimEnd().split("\n").at(-1)).toBe("no problems, 1 warning");

    // --probe: the key's list decides, and the probe's warning names them; not said twice.
    const probed = await runCli(["doctor", "--probe", "--json"], { env });
    const report = JSON.parse(probed.stdout) as DoctorJson;
    expect(report.findings.some((item) => item.message.includes(OFFLINE))).toBe(false);
    expect(
      report.findings.some((item) =>
        item.message.includes("are not in the models your key can use"),
      ),
    ).toBe(true);

    // The hint's command, against the simulator: afterwards doctor has nothing to say of them.
    const prune = await runCli(["models", "scan", "--provider", "moonshot", "--prune"], { env });
    expect(prune.code).toBe(0);
    expect(readFileSync(configPath, "utf8")).not.toContain("kimi-k2-thinking");
    const after = await runCli(["doctor"], { env });
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain(OFFLINE);
    expect(after.stdout.trimEnd().split("\n").at(-1)).toBe("all good");
  });

  it("says it once, of a fallback: the model line names it, this finding the others", async () => {
    const { env, configPath } = pageConfig();
    const spec = readFileSync(configPath, "utf8").replace(
      'model: { primary: "moonshot/kimi-k2.5" }',
      'model: { primary: "moonshot/kimi-k2.5", fallbacks: ["moonshot/kimi-k2-thinking"] }',
    );
    writeFileSync(configPath, spec);
    const result = await runCli(["doctor", "--json"], { env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DoctorJson;
    const offline = report.findings.find((item) => item.message.includes(OFFLINE));
    expect(offline?.message).toContain("the config offers 3 models");
    expect(offline?.message).not.toContain("moonshot/kimi-k2-thinking (use");
    expect(offline?.where).toBe(`${configPath}:36`);
    expect(
      report.findings.some((item) =>
        item.message.startsWith("moonshot/kimi-k2-thinking (fallback #1)"),
      ),
    ).toBe(true);
  });

  it("--json gives every place of each model, file, line and dotted path; the lines sit among the model check's", async () => {
    const { env, configPath } = pageConfig();
    const result = await runCli(["doctor", "--json"], { env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DoctorJson;
    const at = report.findings.findIndex((item) => item.message.includes(OFFLINE));
    const offline = report.findings[at];
    // `where` stays the first place, as before.
    expect(offline?.where).toBe(`${configPath}:36`);
    // Before: only `where`. A models[] entry and an alias of one id, each with its own line.
    expect(
      offline?.retired?.find((model) => model.ref === "moonshot/kimi-k2-0905-preview"),
    ).toEqual({
      ref: "moonshot/kimi-k2-0905-preview",
      replacedBy: "moonshot/kimi-k2.5",
      places: [
        { file: configPath, line: 36, path: "models.providers.moonshot.models[1].id" },
        {
          file: configPath,
          line: 9,
          path: 'agents.defaults.models["moonshot/kimi-k2-0905-preview"].alias',
        },
      ],
    });
    expect(offline?.retired?.map((model) => model.ref)).toEqual([
      "moonshot/kimi-k2-0905-preview",
      "moonshot/kimi-k2-turbo-preview",
      "moonshot/kimi-k2-thinking",
      "moonshot/kimi-k2-thinking-turbo",
    ]);
    for (const model of offline?.retired ?? []) expect(model.places).toHaveLength(2);

    // Among the model check's lines, before the keys' (it came after the key line).
    expectAmongModelFindings(
      report.findings.map((item) => item.check),
      at,
    );
    const text = await runCli(["doctor"], { env });
    expectAmongModelLines(text.stdout, {
      model: "✓ model    default moonshot/kimi-k2.5",
      finding: "! model    moonshot: the config offers 4 models",
      key: "✓ key      moonshot:",
    });
  });
});
