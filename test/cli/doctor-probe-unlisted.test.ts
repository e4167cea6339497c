/**
 * `doctor --probe` on the Moonshot page's own config: four of its five models are ids the
 * provider no longer lists (the simulator, like the API in 2026, answers 404 for them). The probe
 * had the provider's list and still said all good; it now names them, with the gateway's hint.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

interface DoctorJson {
  findings: { check: string; level: string; message: string; hint?: string }[];
}

const RETIRED = [
  "moonshot/kimi-k2-0905-preview",
  "moonshot/kimi-k2-turbo-preview",
  "moonshot/kimi-k2-thinking",
  "moonshot/kimi-k2-thinking-turbo",
];

function stateWith(config: string): Record<string, string> {
  const dir = tempDir();
  writeFileSync(join(dir, "openclaw.json"), config, { mode: 0o600 });
  return { OPENCLAW_STATE_DIR: dir };
}

function unlistedFinding(stdout: string): DoctorJson["findings"][number] | undefined {
  return (JSON.parse(stdout) as DoctorJson).findings.find(
    (finding) =>
      finding.check === "probe" && finding.message.includes("not in the models your key can use"),
  );
}

describe("doctor --probe, configured models the provider no longer lists", () => {
  it("names the page config's retired ids, with the prune the gateway's start-up line suggests", async () => {
    const spec = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8")
      .replace('"sk-..."', JSON.stringify(sim.keys.moonshot))
      .replace("https://api.moonshot.ai/v1", sim.moonshotBaseUrl);
    const env = stateWith(spec);
    const configPath = join(env.OPENCLAW_STATE_DIR ?? "", "openclaw.json");

    const text = await runCli(["doctor", "--probe"], { env });
    // A warning: the default (kimi-k2.5) is listed and works. Each at the line of its models[] entry.
    expect(text.code).toBe(0);
    const lines = [36, 45, 54, 63];
    const named = RETIRED.map((ref, index) => `${ref} (${configPath}:${lines[index]})`);
    expect(text.stdout).toContain(
      `! probe    moonshot: ${named.join(", ")} are not in the models your key can use (GET /v1/models)`,
    );
    expect(text.stdout).toContain("; the closest ids it can use: kimi-k2.5, kimi-k2.6");
    expect(text.stdout).toContain(
      "hint: see what the key may use with: openclaw models scan --provider moonshot; take the models it no longer lists out of the config with: openclaw models scan --provider moonshot --prune",
    );
    expect(text.stdout).not.toContain("all good");

    const json = await runCli(["doctor", "--probe", "--json"], { env });
    const unlisted = unlistedFinding(json.stdout);
    expect(unlisted?.level).toBe("warn");
    expect(unlisted?.message).not.toContain("moonshot/kimi-k2.5");
  });

  it("built-in ids only: says a prune does not remove them, as the gateway does since 02fca5d", async () => {
    // No models[] and no allowlist: the retired ids come from openclaw's built-in list only.
    const env = stateWith(
      JSON.stringify({
        agents: { defaults: { model: "moonshot/kimi-k2.5" } },
        models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
      }),
    );
    const result = await runCli(["doctor", "--probe", "--json"], {
      env: { ...env, MOONSHOT_API_KEY: sim.keys.moonshot },
    });
    const unlisted = unlistedFinding(result.stdout);
    expect(unlisted?.message).toContain(
      `moonshot: ${RETIRED.map((ref) => `${ref} (openclaw's built-in list)`).join(", ")} are not in the models your key can use (GET /v1/models)`,
    );
    expect(unlisted?.hint).toContain(
      "these are in openclaw's built-in model list, not in the config, so a prune does not remove them",
    );
    expect(unlisted?.hint).not.toContain("--prune");
  });

  it("says nothing of the kind when every configured model is listed", async () => {
    const env = stateWith(
      JSON.stringify({
        agents: {
          defaults: { model: "moonshot/kimi-k2.5", models: { "moonshot/kimi-k2.5": {} } },
        },
        models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
      }),
    );
    const result = await runCli(["doctor", "--probe", "--json"], {
      env: { ...env, MOONSHOT_API_KEY: sim.keys.moonshot },
    });
    expect(result.code).toBe(0);
    expect(unlistedFinding(result.stdout)).toBeUndefined();
  });
});
