/**
 * Which list says a model is not served: the models the key can use (`GET /v1/models`, read by
 * `doctor --probe` and `models status --probe`) win over the retired marks of openclaw's built-in
 * list, which remain the verdict to go by offline, and the words say which list spoke.
 * - an id the built-in list marks retired that the key's list serves is not called retired;
 * - an id the config writes that the key's list lacks, marked or not, is named with the config's
 *   file:line and the closest ids the key can use.
 * Real CLI, real sockets to the simulator, each given the list it serves.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { jsonFinding } from "../helpers/doctor-finding.js";
import { tempDir } from "../helpers/tmp.js";
import {
  CURRENT_SIM_MODELS,
  RETIRED_SIM_MODELS,
  type Simulator,
  startSimulator,
} from "../simulator/index.js";

/** Serves kimi-k2-thinking again (the built-in list marks it retired). */
let servesRetired: Simulator;
/** Has dropped kimi-k2.6, which the built-in list does not even know. */
let dropsK26: Simulator;

beforeAll(async () => {
  servesRetired = await startSimulator({
    models: [
      ...CURRENT_SIM_MODELS,
      ...RETIRED_SIM_MODELS.filter((model) => model.id === "kimi-k2-thinking"),
    ],
  });
  dropsK26 = await startSimulator({
    models: CURRENT_SIM_MODELS.filter((model) => model.id !== "kimi-k2.6"),
  });
});
afterAll(async () => {
  await servesRetired?.close();
  await dropsK26?.close();
});

interface Finding {
  check: string;
  level: string;
  message: string;
  hint?: string;
  where?: string;
}

/** A config whose lines are known: the primary on line 4, the kimi-k2.6 entry's id on line 12. */
function config(baseUrl: string, primary: string): string {
  return [
    "{",
    '  "agents": { "defaults": {',
    '    "model": {',
    `      "primary": ${JSON.stringify(primary)}`,
    "    }",
    "  } },",
    '  "models": { "providers": {',
    '    "moonshot": {',
    `      "baseUrl": ${JSON.stringify(baseUrl)},`,
    '      "models": [',
    '        { "id": "kimi-k2.5", "name": "Kimi K2.5" },',
    '        { "id": "kimi-k2.6", "name": "Kimi K2.6" }',
    "      ]",
    "    }",
    "  } }",
    "}",
    "",
  ].join("\n");
}

function stateWith(text: string, sim: Simulator) {
  const dir = tempDir("openclaw-live-list-");
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, text, { mode: 0o600 });
  const env = {
    OPENCLAW_STATE_DIR: dir,
    HOME: dir,
    COLUMNS: "1000",
    NO_COLOR: "1",
    MOONSHOT_API_KEY: sim.keys.moonshot,
  };
  return { env, configPath };
}

async function doctorFindings(args: string[], env: Record<string, string>): Promise<Finding[]> {
  const result = await runCli(["doctor", ...args, "--json"], { env });
  return (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
}

describe("the key's list of models decides over openclaw's retired marks", () => {
  it("does not call a marked id retired when the key's list serves it (doctor --probe)", async () => {
    const { env } = stateWith(
      config(servesRetired.moonshotBaseUrl, "moonshot/kimi-k2-thinking"),
      servesRetired,
    );
    const probed = await doctorFindings(["--probe"], env);
    // The default is fine, not a 404 waiting: the list it was checked against has it.
    expect(probed).toContainEqual(
      jsonFinding({
        check: "model",
        level: "ok",
        message: "default moonshot/kimi-k2-thinking",
      }),
    );
    const named = (item: Finding) =>
      /moonshot\/kimi-k2-thinking[ (]/.test(item.message) && item.level !== "ok";
    expect(probed.filter(named)).toEqual([]);
    expect(probed.filter((item) => item.message.includes("retired in 2026"))).toEqual([]);

    // Offline, the mark is all there is: said as the built-in list's verdict.
    const offline = await doctorFindings([], env);
    const retired = offline.find((item) => item.message.includes("moonshot/kimi-k2-thinking"));
    expect(retired?.level).toBe("warn");
    expect(retired?.message).toBe(
      "moonshot/kimi-k2-thinking (the default model) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404",
    );
    expect(retired?.message).not.toContain("GET /v1/models");
  });

  it("names an unmarked id the key's list lacks at its config line, with the closest listed ids (doctor --probe)", async () => {
    const { env, configPath } = stateWith(
      config(dropsK26.moonshotBaseUrl, "moonshot/kimi-k2.6"),
      dropsK26,
    );
    const findings = await doctorFindings(["--probe"], env);
    const chain = findings.find(
      (item) => item.check === "model" && item.message.startsWith("moonshot/kimi-k2.6 "),
    );
    expect(chain).toMatchObject({
      level: "warn",
      message:
        "moonshot/kimi-k2.6 (the default model) is not in the models your key can use (GET /v1/models of moonshot): requests to it fail with 404",
      where: `${configPath}:4`,
    });
    expect(chain?.hint).toMatch(
      /^use moonshot\/kimi-k2\.5 instead( \(or [^)]+\))?: openclaw models set moonshot\/kimi-k2\.5$/,
    );

    // Said once: the model line names the chain entry to change and what to use; the probe's
    // warning of the models the list lacks leaves the default out (it named it again, at line 12).
    const named = findings.filter((item) => item.message.includes("moonshot/kimi-k2.6"));
    expect(named).toEqual([chain]);

    // Offline nothing says kimi-k2.6 is gone: the built-in list does not mark it.
    const offline = await doctorFindings([], env);
    expect(offline.filter((item) => item.message.includes("moonshot/kimi-k2.6 ("))).toEqual([]);
  });

  it("names a model the key's list lacks that the chain does not use under probe, at its config line (doctor --probe)", async () => {
    const { env, configPath } = stateWith(
      config(dropsK26.moonshotBaseUrl, "moonshot/kimi-k2.5"),
      dropsK26,
    );
    const findings = await doctorFindings(["--probe"], env);
    const named = findings.filter((item) => item.message.includes("moonshot/kimi-k2.6"));
    expect(named).toHaveLength(1);
    expect(named[0]?.check).toBe("probe");
    expect(named[0]?.level).toBe("warn");
    expect(named[0]?.message).toContain(
      `moonshot/kimi-k2.6 (${configPath}:12; closest it can use: kimi-k2.5`,
    );
    expect(named[0]?.message).toContain("not in the models your key can use (GET /v1/models)");
  });

  it("gives models status --probe --json where each unlisted model is written and what is closest", async () => {
    const { env, configPath } = stateWith(
      config(dropsK26.moonshotBaseUrl, "moonshot/kimi-k2.5"),
      dropsK26,
    );
    const result = await runCli(["models", "status", "--probe", "--json"], { env });
    const status = JSON.parse(result.stdout) as {
      unlistedModels: {
        provider: string;
        models: string[];
        details: { ref: string; writtenAt?: object; closest: string[] }[];
      }[];
    };
    const moonshot = status.unlistedModels.find((entry) => entry.provider === "moonshot");
    const k26 = moonshot?.details.find((detail) => detail.ref === "moonshot/kimi-k2.6");
    expect(k26?.writtenAt).toEqual({
      path: "models.providers.moonshot.models[1].id",
      file: configPath,
      line: 12,
    });
    expect(k26?.closest[0]).toBe("kimi-k2.5");
    expect(k26?.closest).not.toContain("kimi-k2.6");
    // A retired id only the built-in list has: no line of the config, the list's ids all the same.
    const thinking = moonshot?.details.find((detail) => detail.ref === "moonshot/kimi-k2-thinking");
    expect(thinking?.writtenAt).toBeNull();
    expect(thinking?.closest[0]).toBe("kimi-k2.5");
  });
});
