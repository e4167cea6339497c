/**
 * Moving a key into a variable takes it off the disk: the `.bak` that change writes does not keep
 * it either, for the credential store (onboarding with --secret-input-mode ref over a stored key)
 * and for the config (`config set …apiKey '${VAR}'` over a key written in the file).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecrets, freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

/** Every file under `dir` that holds `secret`, as paths relative to `dir`. */
function filesHolding(dir: string, secret: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (readFileSync(path, "utf8").includes(secret)) found.push(path.slice(dir.length + 1));
    }
  };
  walk(dir);
  return found.sort();
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim.close();
});

describe("a key replaced by a reference", () => {
  it("is not kept in auth-profiles.json.bak after onboarding again with --secret-input-mode ref", async () => {
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    const onboard = ["onboard", "--non-interactive", "--accept-risk"];
    const plain = await state.run([
      ...onboard,
      "--auth-choice",
      "moonshot-api-key",
      "--moonshot-api-key",
      MOONSHOT_KEY,
    ]);
    expect(plain.code).toBe(0);
    // A .bak from an earlier change that holds the key too.
    writeFileSync(
      `${state.storePath}.bak`,
      JSON.stringify({
        version: 1,
        profiles: {
          "moonshot:default": { type: "api_key", provider: "moonshot", key: MOONSHOT_KEY },
        },
      }),
    );
    expect(filesHolding(state.dir, MOONSHOT_KEY)).toEqual([
      "agents/main/agent/auth-profiles.json",
      "agents/main/agent/auth-profiles.json.bak",
    ]);

    const ref = await state.run(
      [...onboard, "--auth-choice", "moonshot-api-key", "--secret-input-mode", "ref"],
      { MOONSHOT_API_KEY: MOONSHOT_KEY },
    );
    expect(ref.code).toBe(0);
    expect(ref.stdout).toContain(
      "moonshot:default: replaces the stored key sk-…0001 with a reference to $MOONSHOT_API_KEY (the key is not kept in auth-profiles.json.bak either)",
    );
    expectNoSecrets(ref, MOONSHOT_KEY);
    expect(filesHolding(state.dir, MOONSHOT_KEY)).toEqual([]);
    // The .bak is the previous store with the reference in the key's place.
    expect(JSON.parse(readFileSync(`${state.storePath}.bak`, "utf8"))).toEqual({
      version: 1,
      profiles: {
        "moonshot:default": {
          type: "api_key",
          provider: "moonshot",
          keyRef: { source: "env", id: "MOONSHOT_API_KEY" },
        },
      },
    });
  });

  it("is not kept in openclaw.json.bak after config set …apiKey '${VAR}' over a key written in the file", async () => {
    const state = freshState();
    const secret = "sk-test-literal-in-config-0006";
    writeFileSync(
      state.configPath,
      `{
  // my providers
  models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1", apiKey: "${secret}" } } },
}
`,
    );
    const set = await state.run([
      "config",
      "set",
      "models.providers.moonshot.apiKey",
      "${MOONSHOT_API_KEY}",
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      "the key it replaces is not kept in openclaw.json.bak either (it holds the reference too)",
    );
    expectNoSecrets(set, secret);
    expect(filesHolding(state.dir, secret)).toEqual([]);
    // The rest of the previous file is kept as it was, its comment too.
    expect(readFileSync(`${state.configPath}.bak`, "utf8")).toBe(`{
  // my providers
  models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1", apiKey: "\${MOONSHOT_API_KEY}" } } },
}
`);

    // Any other change keeps the whole previous file in the .bak, as before.
    const port = await state.run(["config", "set", "gateway.port", "19475", "--json"]);
    expect(port.code).toBe(0);
    expect(JSON.parse(port.stdout).keysLeftOutOfBackup).toBeUndefined();
    expect(readFileSync(`${state.configPath}.bak`, "utf8")).toContain("${MOONSHOT_API_KEY}");
  });
});
