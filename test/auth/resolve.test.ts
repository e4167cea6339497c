import * as fs from "node:fs";
import * as path from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createKeyResolver,
  createTargetKeyResolver,
  inspectKeySources,
  type KeyTarget,
  readAuthStore,
  withApiKeyProfile,
  writeAuthStore,
} from "../../src/auth/index.js";
import { tempDir } from "../helpers/tmp.js";

const MOONSHOT_KEY = "sk-test-moonshot-ai-0001";
const PROFILE_KEY = "sk-test-moonshot-profile-0002";
const CONFIG_KEY = "sk-test-moonshot-config-0003";

const moonshot: KeyTarget = {
  provider: "moonshot",
  keySources: [
    { kind: "profile", profileId: "moonshot:default" },
    { kind: "env", variable: "MOONSHOT_API_KEY" },
    {
      kind: "config",
      path: "models.providers.moonshot.apiKey",
      template: "${CFG_MOONSHOT_KEY}",
      variables: ["CFG_MOONSHOT_KEY"],
    },
  ],
};

describe("key resolution order", () => {
  it("prefers the auth profile over env and config, then env over config", () => {
    const agentDir = tempDir();
    const env = { MOONSHOT_API_KEY: MOONSHOT_KEY, CFG_MOONSHOT_KEY: CONFIG_KEY };
    const resolve = createKeyResolver({ agentDir, env });
    expect(resolve(moonshot as never)?.value).toBe(MOONSHOT_KEY);
    expect(resolve(moonshot as never)?.source).toEqual({
      kind: "env",
      variable: "MOONSHOT_API_KEY",
    });

    writeAuthStore(
      agentDir,
      withApiKeyProfile(readAuthStore(agentDir), "moonshot:default", "moonshot", {
        key: PROFILE_KEY,
      }),
    );
    const key = resolve(moonshot as never);
    expect(key?.value).toBe(PROFILE_KEY);
    expect(key?.masked).toBe("sk-…0002");
    expect(key?.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(key?.fingerprint).not.toContain("0002");

    const configOnly = createKeyResolver({
      agentDir: tempDir(),
      env: { CFG_MOONSHOT_KEY: CONFIG_KEY },
    });
    expect(configOnly(moonshot as never)?.source.kind).toBe("config");
    expect(createKeyResolver({ agentDir: tempDir(), env: {} })(moonshot as never)).toBeUndefined();
  });

  it("shows a resolved key masked when it is logged or serialised, its value still readable", () => {
    const literal: KeyTarget = {
      provider: "moonshot",
      keySources: [
        {
          kind: "config",
          path: "models.providers.moonshot.apiKey",
          template: CONFIG_KEY,
          variables: [],
        },
      ],
    };
    const key = createTargetKeyResolver({ agentDir: tempDir(), env: {} })(literal);
    expect(key?.value).toBe(CONFIG_KEY);
    // What console.log and JSON.stringify of the object print: no key, in value or source.
    for (const shown of [inspect(key, { depth: 5 }), JSON.stringify(key)]) {
      expect(shown).not.toContain("moonshot-config");
      expect(shown).toContain("sk-…0003");
    }
    expect(JSON.parse(JSON.stringify(key))).toEqual({
      value: "[hidden]",
      source: {
        kind: "config",
        path: "models.providers.moonshot.apiKey",
        template: "sk-…0003",
        variables: [],
      },
      masked: "sk-…0003",
      fingerprint: key?.fingerprint,
    });
    // A copy made on purpose keeps the value: only the display hides it.
    expect({ ...key }.value).toBe(CONFIG_KEY);
  });

  it("tries an explicit profile first and never uses another provider's profile", () => {
    let store = withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:work", "moonshot", {
      key: PROFILE_KEY,
    });
    store = withApiKeyProfile(store, "kimi-code:default", "kimi-code", {
      key: "sk-kimi-test-code-0004",
    });
    const resolve = createKeyResolver({
      store,
      env: { MOONSHOT_API_KEY: MOONSHOT_KEY },
      profileId: "kimi-code:default",
    });
    // The explicit profile belongs to kimi-code, so Moonshot falls back to its own profile.
    expect(resolve(moonshot as never)?.value).toBe(PROFILE_KEY);
    const kimi = resolve({ provider: "kimi-code", keySources: [] } as never);
    expect(kimi?.value).toBe("sk-kimi-test-code-0004");
    expect(kimi?.masked).toBe("sk-kimi-…0004");
  });

  it("follows keyRef profiles to the environment and skips placeholders and broken keys", () => {
    const store = withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", {
      keyRef: { source: "env", id: "MY_MOONSHOT" },
    });
    const env = { MY_MOONSHOT: `${PROFILE_KEY}\n`, MOONSHOT_API_KEY: "sk-..." };
    expect(createKeyResolver({ store, env })(moonshot as never)?.value).toBe(PROFILE_KEY);

    const statuses = inspectKeySources(moonshot, { store, env: { MOONSHOT_API_KEY: "sk-..." } });
    expect(statuses.map((s) => [s.label, s.state])).toEqual([
      ["profile moonshot:default", "missing"],
      ["env MOONSHOT_API_KEY", "invalid"],
      ["config models.providers.moonshot.apiKey", "missing"],
    ]);
    expect(statuses[0]?.detail).toContain("MY_MOONSHOT");
    expect(statuses[1]?.detail).toContain("placeholder");
    expect(
      createKeyResolver({ store, env: { MOONSHOT_API_KEY: "sk-test a b" } })(moonshot as never),
    ).toBeUndefined();
  });

  it("notices a credential store that changed on disk", () => {
    const agentDir = tempDir();
    const resolve = createKeyResolver({ agentDir, env: {} });
    expect(resolve(moonshot as never)).toBeUndefined();
    writeAuthStore(
      agentDir,
      withApiKeyProfile(readAuthStore(agentDir), "moonshot:default", "moonshot", {
        key: PROFILE_KEY,
      }),
    );
    expect(resolve(moonshot as never)?.value).toBe(PROFILE_KEY);
    const stat = fs.statSync(path.join(agentDir, "auth-profiles.json"));
    expect(stat.mode & 0o777).toBe(0o600);
  });
});

describe("runtime leniency", () => {
  it("uses a Kimi Code key without the sk-kimi- prefix but says it looks odd", () => {
    const kimi: KeyTarget = {
      provider: "kimi-code",
      keySources: [{ kind: "env", variable: "KIMICODE_API_KEY" }],
    };
    const env = { KIMICODE_API_KEY: "sk-test-odd-kimi-key-0007" };
    expect(
      createKeyResolver({ env, store: { version: 1, profiles: {} } })(kimi as never)?.masked,
    ).toBe("sk-…0007");
    const [status] = inspectKeySources(kimi, { env, store: { version: 1, profiles: {} } });
    expect(status).toMatchObject({
      state: "set",
      detail: "does not start with sk-kimi- like Kimi Code keys do",
    });
  });
});
