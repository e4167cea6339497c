/**
 * Moving a key into a variable, replacing it with another or removing it takes it off the disk:
 * the `.bak` that change writes does not keep it either, for the credential store (onboarding with
 * --secret-input-mode ref, or with a new key, over a stored key) and for the config (`config set
 * …apiKey '${VAR}'` or `sk-new` over a key written in the file, `config unset …apiKey`).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardChoice, onboardWithKey } from "../helpers/onboard-args.js";
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

const NEW_MOONSHOT_KEY = "sk-test-moonshot-ai-0002";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai", keys: { ai: [MOONSHOT_KEY, NEW_MOONSHOT_KEY] } });
});
afterAll(async () => {
  await sim.close();
});

describe("a key replaced by a reference", () => {
  it("is not kept in auth-profiles.json.bak after onboarding again with --secret-input-mode ref", async () => {
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    const plain = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
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

    const ref = await state.run(onboardChoice("moonshot-api-key", "--secret-input-mode", "ref"), {
      MOONSHOT_API_KEY: MOONSHOT_KEY,
    });
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

describe("a key replaced by another key or removed", () => {
  it("is not kept in auth-profiles.json.bak after onboarding a new key over it", async () => {
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    const keyed = (key: string) => onboardWithKey("moonshot-api-key", key);
    expect((await state.run(keyed(MOONSHOT_KEY))).code).toBe(0);

    const again = await state.run(keyed(NEW_MOONSHOT_KEY));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      "moonshot:default: replaces the stored key sk-…0001 with sk-…0002 (the old key is not kept in auth-profiles.json.bak either)",
    );
    expectNoSecrets(again, MOONSHOT_KEY, NEW_MOONSHOT_KEY);
    expect(filesHolding(state.dir, MOONSHOT_KEY)).toEqual([]);
    expect(filesHolding(state.dir, NEW_MOONSHOT_KEY)).toEqual([
      "agents/main/agent/auth-profiles.json",
      "agents/main/agent/auth-profiles.json.bak",
    ]);
  });

  it("is not kept in openclaw.json.bak after config set …apiKey sk-new, nor the new one after config unset", async () => {
    const state = freshState();
    const old = "sk-test-literal-in-config-0007";
    const next = "sk-test-literal-in-config-0008";
    writeFileSync(
      state.configPath,
      `{
  // my providers
  models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1", apiKey: "${old}" } } },
}
`,
    );
    const set = await state.run(["config", "set", "models.providers.moonshot.apiKey", next]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      "the key it replaces is not kept in openclaw.json.bak either (it holds the new one too)",
    );
    expectNoSecrets(set, old, next);
    expect(filesHolding(state.dir, old)).toEqual([]);

    const unset = await state.run(["config", "unset", "models.providers.moonshot.apiKey"]);
    expect(unset.code).toBe(0);
    expect(unset.stdout).toContain("the key it removes is not kept in openclaw.json.bak either");
    expect(filesHolding(state.dir, next)).toEqual([]);
    // The rest of the previous file is kept as it was, its comment too.
    expect(readFileSync(`${state.configPath}.bak`, "utf8")).toBe(`{
  // my providers
  models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1" } } },
}
`);
  });

  it("calls the gateway token rotated by config set a token, not a key", async () => {
    const state = freshState();
    const old = "ocg_old-gateway-token-for-the-backup-0001";
    const next = "ocg_new-gateway-token-for-the-backup-0002";
    writeFileSync(state.configPath, JSON.stringify({ gateway: { auth: { token: old } } }));
    const set = await state.run(["config", "set", "gateway.auth.token", next]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      "the token it replaces is not kept in openclaw.json.bak either (it holds the new one too)",
    );
    expectNoSecrets(set, old, next);
    expect(filesHolding(state.dir, old)).toEqual([]);
  });

  it("names, with --json, the keys an unset of their whole section leaves out of the .bak", async () => {
    const state = freshState();
    const secret = "sk-test-literal-in-config-0009";
    writeFileSync(
      state.configPath,
      JSON.stringify({
        models: {
          providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1", apiKey: secret } },
        },
        gateway: { port: 19301 },
      }),
    );
    const unset = await state.run(["config", "unset", "models.providers.moonshot", "--json"]);
    expect(unset.code).toBe(0);
    expect(JSON.parse(unset.stdout).keysLeftOutOfBackup).toEqual([
      "models.providers.moonshot.apiKey",
    ]);
    expect(filesHolding(state.dir, secret)).toEqual([]);
    expect(JSON.parse(readFileSync(`${state.configPath}.bak`, "utf8")).gateway).toEqual({
      port: 19301,
    });
  });
});
