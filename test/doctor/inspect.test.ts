/**
 * `runDoctor --probe` for a key from the other Moonshot region. The real endpoints are out of
 * reach here, so the key check is swapped through its documented seam (`checkKey`) and the test
 * looks at what the doctor asks it and how it reports the answer.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { KeyCheckOptions } from "../../src/auth/index.js";
import { runDoctor } from "../../src/doctor/inspect.js";
import { closedPort } from "../helpers/net.js";
import { tempDir } from "../helpers/tmp.js";

describe("runDoctor --probe", () => {
  it("offers the other region and Kimi Code to the key check and fails with its advice", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({
        agents: { defaults: { model: "moonshot/kimi-k2.5" } },
        gateway: { port: await closedPort() },
      }),
    );
    const asked: KeyCheckOptions[] = [];
    const findings = await runDoctor({
      env: { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: "sk-test-cn-key-0001" },
      probe: true,
      checkKey: async (options) => {
        asked.push(options);
        return {
          status: "wrong_region",
          message: `${options.target.label} rejected the key (401), but ${options.alternatives?.[0]?.label} (${options.alternatives?.[0]?.address}) accepts it`,
          hint: options.alternatives?.[0]?.advice,
          acceptedBy: options.alternatives?.[0],
          models: [],
        };
      },
    });
    const chinaAdvice =
      "use moonshot-cn/kimi-k2.5 instead: this key belongs to the China platform (api.moonshot.cn), where provider moonshot-cn sends it (or keep moonshot/kimi-k2.5 with: openclaw onboard --auth-choice moonshot-api-key-cn, which moves provider moonshot there)";
    expect(asked).toHaveLength(1);
    expect(asked[0]?.key).toBe("sk-test-cn-key-0001");
    expect(asked[0]?.target.baseUrl).toBe("https://api.moonshot.ai/v1");
    expect(asked[0]?.alternatives).toEqual([
      {
        label: "Moonshot China",
        address: "api.moonshot.cn",
        baseUrl: "https://api.moonshot.cn/v1",
        relation: "region",
        provider: "moonshot-cn",
        // The built-in moonshot: the China region's built-in provider is named, not moonshot moved.
        advice: chinaAdvice,
      },
      {
        label: "Kimi Code",
        address: "api.kimi.com/coding",
        baseUrl: "https://api.kimi.com/coding/v1",
        headers: { "User-Agent": "KimiCLI/0.77" },
        relation: "provider",
        provider: "kimi-code",
        advice:
          "this is a Kimi Code key: use it for provider kimi-code (openclaw onboard --auth-choice kimi-code-api-key), and give moonshot a Moonshot platform key",
      },
    ]);
    expect(findings.find((item) => item.check === "probe")).toEqual({
      check: "probe",
      level: "fail",
      message:
        "moonshot: https://api.moonshot.ai/v1 rejected the key (401), but Moonshot China (api.moonshot.cn) accepts it",
      hint: chinaAdvice,
    });
  });
});

describe("runDoctor's config check", () => {
  it("fails what config validate fails, and the default model once (under model)", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({
        agents: { defaults: { model: { primary: "ghost/model-x", fallbacks: ["moonshot/k9"] } } },
        models: {
          providers: { m: { baseUrl: "https://m.test/v1", models: [{ id: "a", name: "A" }] } },
        },
        gateway: { port: await closedPort() },
      }),
    );
    const findings = await runDoctor({ env: { OPENCLAW_STATE_DIR: dir } });
    const config = findings.filter((item) => item.check === "config");
    expect(config).toEqual([
      expect.objectContaining({
        level: "fail",
        // Placed as config validate places it: the JSON is on one line.
        where: `${join(dir, "openclaw.json")}:1`,
        path: "agents.defaults.model.fallbacks[0]",
        message: expect.stringContaining("fallback 1 cannot be used"),
      }),
    ]);
    const ghost = findings.filter((item) => item.message.includes('"ghost"'));
    expect(ghost.map((item) => item.check)).toEqual(["model"]);
  });
  it("warns about what config validate warns about: an unset ${VAR} and a key written twice, with file:line", async () => {
    const dir = tempDir();
    const file = join(dir, "openclaw.json");
    writeFileSync(
      file,
      [
        "{",
        "  gateway: { port: 18789, port: 18790 },",
        "  models: { providers: { moonshot: {",
        '    headers: { "X-Org": "${OPENCLAW_TEST_ORG}" },',
        "  } } },",
        "}",
      ].join("\n"),
    );
    const findings = await runDoctor({ env: { OPENCLAW_STATE_DIR: dir } });
    const warnings = findings.filter((item) => item.check === "config" && item.level === "warn");
    expect(warnings).toEqual([
      expect.objectContaining({
        where: `${file}:2`,
        path: "gateway.port",
        message: expect.stringMatching(/^gateway.port: is written 2 times .*\(both on line 2\)/),
      }),
      expect.objectContaining({
        where: `${file}:4`,
        path: "models.providers.moonshot.headers.X-Org",
        message: expect.stringContaining(`OPENCLAW_TEST_ORG, which is not set`),
      }),
    ]);
    expect(warnings[0]?.message).toContain(`(${file}:2)`);
    expect(warnings[1]?.message).toContain(`(${file}:4)`);
    // Warnings do not fail the config: it loads and works.
    expect(findings.find((item) => item.check === "config" && item.level === "ok")).toBeDefined();
  });
});

describe("runDoctor's file check", () => {
  it("does not count a ${VAR} reference in an open config as a secret it holds", async () => {
    const dir = tempDir();
    const config = join(dir, "openclaw.json");
    const write = (apiKey: string) =>
      writeFileSync(config, JSON.stringify({ models: { providers: { moonshot: { apiKey } } } }), {
        mode: 0o644,
      });
    const env = { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: "sk-test-moonshot-ai-0001" };
    const configFile = async () =>
      (await runDoctor({ env })).find((item) => item.check === "files" && item.where === config);
    write("${MOONSHOT_API_KEY}");
    chmodSync(config, 0o644);
    expect(await configFile()).toMatchObject({ level: "warn" });
    expect((await configFile())?.message).not.toContain("holds secrets");
    write("sk-test-moonshot-ai-0002");
    chmodSync(config, 0o644);
    expect(await configFile()).toMatchObject({
      level: "fail",
      message: expect.stringContaining("holds secrets"),
    });
  });

  it("fails an open config whose env block holds a key, and an open included file holding one", async () => {
    const dir = tempDir();
    const config = join(dir, "openclaw.json");
    const included = join(dir, "keys.json5");
    const env = { OPENCLAW_STATE_DIR: dir };
    const fileFinding = async (file: string) =>
      (await runDoctor({ env })).find((item) => item.check === "files" && item.where === file);
    // The spec page's own shape: the key in the env block, not under the provider.
    writeFileSync(config, '{ env: { MOONSHOT_API_KEY: "sk-test-moonshot-ai-0003" } }', {
      mode: 0o644,
    });
    chmodSync(config, 0o644);
    expect(await fileFinding(config)).toMatchObject({
      level: "fail",
      message: expect.stringContaining("holds secrets"),
    });
    // A private main file including an open file that holds the key: the included file fails.
    writeFileSync(config, '{ $include: "./keys.json5", gateway: { port: 18789 } }', {
      mode: 0o600,
    });
    chmodSync(config, 0o600);
    writeFileSync(included, '{ env: { vars: { KIMI_API_KEY: "sk-kimi-test-0004" } } }', {
      mode: 0o644,
    });
    chmodSync(included, 0o644);
    expect(await fileFinding(config)).toBeUndefined();
    expect(await fileFinding(included)).toMatchObject({
      level: "fail",
      message: expect.stringMatching(/^included config .* and holds secrets$/),
    });
    // Nothing secret in it: an open included file is only a warning.
    writeFileSync(included, "{ env: { vars: { OPENCLAW_TEST_REGION: 'cn' } } }");
    expect(await fileFinding(included)).toMatchObject({ level: "warn" });
    // Nor are settings in the env block that are not keys, however long.
    writeFileSync(
      config,
      '{ env: { NO_PROXY: "localhost,127.0.0.1", TZ: "America/Los_Angeles" } }',
    );
    chmodSync(config, 0o644);
    expect(await fileFinding(config)).toMatchObject({ level: "warn" });
    expect((await fileFinding(config))?.message).not.toContain("holds secrets");
  });
});
