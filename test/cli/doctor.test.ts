/**
 * `openclaw doctor` as a user runs it (the built CLI): a fresh machine, a credential store others
 * can read, keys tried against the simulator with --probe, and the gateway's port in use by a
 * running gateway or by something else.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { startGateway } from "../../src/gateway/index.js";
import { jsonFinding } from "../helpers/doctor-finding.js";
import { closedPort, expectNoSecrets, freshState, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

interface Report {
  ok: boolean;
  failures: number;
  warnings: number;
  findings: { check: string; level: string; message: string; where?: string; hint?: string }[];
}

async function doctorJson(state: StateDir, args: string[] = [], env: Record<string, string> = {}) {
  const result = await state.run(["doctor", "--json", ...args], env);
  return { code: result.code, report: JSON.parse(result.stdout) as Report, result };
}

function simConfig(sim: Simulator, port: number): string {
  return JSON.stringify({
    agents: { defaults: { model: "moonshot/kimi-k2.5" } },
    models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
    gateway: { port },
  });
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe("openclaw doctor", () => {
  it("on a fresh machine: warnings that say what to run, exit 0", async () => {
    const state = freshState();
    const text = await state.run(["doctor"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^✓ node {5}Node\.js \d+\.\d+\.\d+$/m);
    expect(text.stdout).toMatch(/^! config {3}no config file yet at .*openclaw\.json/m);
    expect(text.stdout).toContain("hint: run: openclaw onboard --auth-choice moonshot-api-key");
    expect(text.stdout).toMatch(/^! model {4}no default model is set/m);
    expect(text.stdout.trimEnd().split("\n").at(-1)).toBe("no problems, 2 warnings");
  });

  it("warns (not ✓) about a Kimi Code key that looks like a Moonshot key, and points to --probe", async () => {
    const state = freshState({ KIMICODE_API_KEY: "sk-test-moonshot-looking-0001" });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: "kimi-code/kimi-for-coding" } },
        gateway: { port: await closedPort() },
      }),
    );
    const { code, report, result } = await doctorJson(state);
    expect(code).toBe(0);
    expect(report.findings).toContainEqual(
      jsonFinding({
        check: "key",
        level: "warn",
        message:
          "kimi-code: key from env KIMICODE_API_KEY sk-…0001: it does not start with sk-kimi- like Kimi Code keys do",
        hint: "check it with: openclaw doctor --probe (a key meant for another provider is named as such)",
      }),
    );
    expectNoSecrets(result, "sk-test-moonshot-looking-0001");
  });

  it("with --probe, points a doubtful key at its probe line, not at the command being run", async () => {
    const state = freshState({
      KIMICODE_API_KEY: sim.keys.moonshot,
      OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
      OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
    });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: "kimi-code/kimi-for-coding" } },
        models: { providers: { "kimi-code": { baseUrl: sim.kimiCodeBaseUrl } } },
        gateway: { port: await closedPort() },
      }),
    );
    const { report, result } = await doctorJson(state, ["--probe"]);
    const key = report.findings.find((item) => item.check === "key");
    expect(key?.level).toBe("warn");
    expect(key?.hint).toBe(
      "the probe line for kimi-code below says whether its endpoint takes it (a key meant for another provider is named as such)",
    );
    const probe = report.findings.find((item) => item.check === "probe");
    expect(probe?.message).toContain("this is a key for Moonshot international");
    expect(probe?.hint).toContain("this is a Moonshot platform key");
    expectNoSecrets(result, sim.keys.moonshot);
  });

  it("with --probe, a doubtful key of a provider not probed is not pointed at a probe line", async () => {
    const state = freshState({
      KIMICODE_API_KEY: sim.keys.moonshot,
      OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
    });
    // Its model's User-Agent names an unset variable: the model cannot be asked, so no probe runs.
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: "kimi-code/kimi-for-coding" } },
        models: {
          providers: {
            "kimi-code": {
              baseUrl: sim.kimiCodeBaseUrl,
              models: [
                {
                  id: "kimi-for-coding",
                  name: "Kimi For Coding",
                  headers: { "User-Agent": "${UNSET_AGENT_FOR_TEST}" },
                },
              ],
            },
          },
        },
        gateway: { port: await closedPort() },
      }),
    );
    const { report, result } = await doctorJson(state, ["--probe"]);
    expect(report.findings.some((item) => item.check === "probe")).toBe(false);
    const key = report.findings.find((item) => item.check === "key");
    expect(key?.level).toBe("warn");
    expect(key?.hint).toBe(
      "kimi-code was not probed (its model cannot be asked yet: see above), so no line below says whether its endpoint takes the key; once that is fixed, run: openclaw doctor --probe (a key meant for another provider is named as such)",
    );
    // What "above" is: the finding that says why the model cannot be used.
    expect(report.findings.some((item) => item.message.includes("UNSET_AGENT_FOR_TEST"))).toBe(
      true,
    );
    expectNoSecrets(result, sim.keys.moonshot);
  });

  it("fails a credential store other users can read, names the chmod, and never shows the key", async () => {
    const state = freshState({ MOONSHOT_API_KEY: sim.keys.moonshot });
    writeFileSync(state.configPath, simConfig(sim, await closedPort()));
    mkdirSync(dirname(state.storePath), { recursive: true });
    const stored = "sk-test-stored-secret-0001";
    writeFileSync(
      state.storePath,
      JSON.stringify({
        version: 1,
        profiles: { "kimi-code:default": { type: "api_key", provider: "kimi-code", key: stored } },
      }),
    );
    chmodSync(state.storePath, 0o644);
    const { code, report, result } = await doctorJson(state);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(
      jsonFinding({
        check: "files",
        level: "fail",
        message: `credential store ${state.storePath} can be read by other users (mode 644) and holds secrets`,
        where: state.storePath,
        hint: `chmod 600 ${state.storePath}`,
      }),
    );
    expect(report.findings).toContainEqual(
      jsonFinding({
        check: "model",
        level: "ok",
        message: "default moonshot/kimi-k2.5",
      }),
    );
    expect(
      report.findings.find((item) => item.message.startsWith("moonshot: key from")),
    ).toMatchObject({ level: "ok", message: "moonshot: key from env MOONSHOT_API_KEY sk-…0001" });
    expectNoSecrets(result, sim.keys.moonshot, stored);
    chmodSync(state.storePath, 0o600);
    expect((await doctorJson(state)).report.failures).toBe(0);
  });

  it("reports a credential store that is not JSON as a finding, with file, line and column, and runs the other checks", async () => {
    const state = freshState();
    writeFileSync(state.configPath, simConfig(sim, await closedPort()));
    mkdirSync(dirname(state.storePath), { recursive: true });
    const stored = "sk-test-stored-secret-0002";
    const profiles = `  "profiles": {\n    "moonshot:default": {"type": "api_key", "provider": "moonshot", "key": "${stored}"}\n  }\n`;
    writeFileSync(state.storePath, `{\n  "version": 1,,\n${profiles}}\n`, { mode: 0o600 });
    const { code, report, result } = await doctorJson(state);
    expect(code).toBe(1);
    const store = report.findings.find((item) => item.check === "store");
    expect(store).toEqual(
      jsonFinding({
        check: "store",
        level: "fail",
        message: `the credential store ${state.storePath}:2:16 is not valid JSON: expected a property name in double quotes`,
        where: `${state.storePath}:2:16`,
        hint: "fix line 2 (the file is plain JSON: no comments, no comma after the last entry); or move the file away, then run: openclaw onboard (it stores the key anew)",
      }),
    );
    // The checks after it still run: the default model, its key (maybe in the store), the gateway.
    expect(report.findings.find((item) => item.check === "key")).toMatchObject({
      level: "warn",
      message: "moonshot: no usable key",
      hint: expect.stringContaining(`its key may be in ${state.storePath}, which cannot be read`),
    });
    expect(report.findings.some((item) => item.check === "gateway")).toBe(true);
    expectNoSecrets(result, stored);

    // The .bak is offered only when there is one.
    writeFileSync(`${state.storePath}.bak`, '{"version": 1, "profiles": {}}\n', { mode: 0o600 });
    const text = await state.run(["doctor"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /^✗ store {4}the credential store .*auth-profiles\.json:2:16 is not valid JSON/m,
    );
    expect(text.stdout).toContain(
      `put back the previous version (cp ${state.storePath}.bak ${state.storePath})`,
    );

    // A version this tool does not read: the same finding, at the line of "version".
    writeFileSync(state.storePath, `{\n  "version": 2,\n${profiles}}\n`, { mode: 0o600 });
    const newer = await doctorJson(state);
    expect(newer.report.findings.find((item) => item.check === "store")).toMatchObject({
      level: "fail",
      message: `the credential store ${state.storePath}:2 is invalid: it is version 2, and this openclaw reads version 1`,
    });
    expect(newer.report.findings.some((item) => item.check === "gateway")).toBe(true);

    // Other commands still refuse, saying the same.
    const status = await state.run(["models", "status"]);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(`error: the credential store ${state.storePath}:2 is invalid`);
  });

  it("names a mistyped field of a stored profile, with its line: did you mean key", async () => {
    const state = freshState();
    writeFileSync(state.configPath, simConfig(sim, await closedPort()));
    mkdirSync(dirname(state.storePath), { recursive: true });
    const stored = "sk-test-stored-secret-0003";
    writeFileSync(
      state.storePath,
      `{\n  "version": 1,\n  "profiles": {\n    "moonshot:default": {\n      "type": "api_key",\n      "provider": "moonshot",\n      "kye": "${stored}"\n    }\n  }\n}\n`,
      { mode: 0o600 },
    );
    const detail = `profile has neither key nor keyRef: ${state.storePath}:7 has "kye": did you mean "key"?`;
    const { report, result } = await doctorJson(state);
    expect(report.findings.find((item) => item.check === "key")).toMatchObject({
      level: "warn",
      message: "moonshot: no usable key",
      hint: `profile moonshot:default: ${detail}`,
    });
    const status = await state.run(["models", "status", "--json"]);
    expect(status.stdout).toContain(JSON.stringify(detail).slice(1, -1));
    expectNoSecrets(result, stored);
    expectNoSecrets(status, stored);
  });

  it("does not count the docs' placeholder key (sk-...) as a secret in a config others can read", async () => {
    const state = freshState();
    const seed = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
    expect(seed).toContain('MOONSHOT_API_KEY: "sk-..."');
    writeFileSync(state.configPath, seed, { mode: 0o644 });
    chmodSync(state.configPath, 0o644);
    const { report } = await doctorJson(state);
    expect(report.findings).toContainEqual(
      jsonFinding({
        check: "files",
        level: "warn",
        message: `config ${state.configPath} can be read by other users (mode 644)`,
        where: state.configPath,
        hint: `chmod 600 ${state.configPath}`,
      }),
    );
    // A real key there is a secret others can read.
    writeFileSync(state.configPath, seed.replace('"sk-..."', '"sk-test-real-key-0005"'));
    const real = await doctorJson(state);
    expect(real.report.findings).toContainEqual(
      expect.objectContaining({
        check: "files",
        level: "fail",
        message: `config ${state.configPath} can be read by other users (mode 644) and holds secrets`,
      }),
    );
    expectNoSecrets(real.result, "sk-test-real-key-0005");
  });

  it("calls YOUR_API_KEY and <your key> placeholders, not secrets others can read, and says what to do", async () => {
    const state = freshState();
    for (const placeholder of ["YOUR_API_KEY", "<your key>", "sk-xxx"]) {
      writeFileSync(
        state.configPath,
        JSON.stringify({
          agents: { defaults: { model: "moonshot/kimi-k2.5" } },
          models: {
            providers: { moonshot: { baseUrl: sim.moonshotBaseUrl, apiKey: placeholder } },
          },
          gateway: { port: await closedPort() },
        }),
        { mode: 0o644 },
      );
      chmodSync(state.configPath, 0o644);
      const { report } = await doctorJson(state);
      const files = report.findings.find((item) => item.check === "files");
      expect(files).toMatchObject({
        level: "warn",
        message: `config ${state.configPath} can be read by other users (mode 644)`,
      });
      expect(report.findings.find((item) => item.check === "key")).toMatchObject({
        level: "warn",
        message: "moonshot: no usable key",
        hint: "config models.providers.moonshot.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, or run: openclaw onboard",
      });
    }
  });

  it("warns about each placeholder key in the config at its file and line, as config validate does", async () => {
    const state = freshState();
    const port = await closedPort();
    // The env block's placeholder wins the key lookup, so the key check names only that one; the
    // apiKey under it is a placeholder too, and only the config check says where it is.
    writeFileSync(
      state.configPath,
      [
        "{",
        '  env: { MOONSHOT_API_KEY: "sk-..." },',
        "  models: { providers: { moonshot: {",
        `    baseUrl: "${sim.moonshotBaseUrl}",`,
        '    apiKey: "YOUR_API_KEY",',
        "  } } },",
        '  agents: { defaults: { model: "moonshot/kimi-k2.5" } },',
        `  gateway: { port: ${port} },`,
        "}",
      ].join("\n"),
    );
    const validate = await state.run(["config", "validate"]);
    const text = await state.run(["doctor"]);
    for (const [path, line] of [
      ["env.MOONSHOT_API_KEY", 2],
      ["models.providers.moonshot.apiKey", 5],
    ] as const) {
      const said = `${path}: is a placeholder from the docs, not a real key (${state.configPath}:${line})`;
      expect(validate.stdout).toContain(`! ${said}`);
      expect(text.stdout).toContain(`! config   ${said}`);
    }
    const { report } = await doctorJson(state);
    expect(report.findings).toContainEqual(
      jsonFinding({
        check: "config",
        level: "warn",
        message: `models.providers.moonshot.apiKey: is a placeholder from the docs, not a real key (${state.configPath}:5)`,
        where: `${state.configPath}:5`,
        hint: "replace it with your own key, or run: openclaw onboard",
        path: "models.providers.moonshot.apiKey",
        file: state.configPath,
        line: 5,
      }),
    );
  });

  it("--probe tries each key against its endpoint: a working key passes, a rejected one fails", async () => {
    const good = freshState({ MOONSHOT_API_KEY: sim.keys.moonshot });
    writeFileSync(good.configPath, simConfig(sim, await closedPort()));
    const passed = await doctorJson(good, ["--probe"]);
    expect(passed.code).toBe(0);
    expect(passed.report.findings.find((item) => item.check === "probe")).toMatchObject({
      level: "ok",
      message: expect.stringMatching(
        /^moonshot: the key works on http:\/\/127\.0\.0\.1:\d+\/v1 \(\d+ models? available\)$/,
      ),
    });

    const bad = freshState({ MOONSHOT_API_KEY: "sk-test-not-a-real-key-0009" });
    writeFileSync(bad.configPath, simConfig(sim, await closedPort()));
    const failed = await doctorJson(bad, ["--probe"]);
    expect(failed.code).toBe(1);
    expect(failed.report.findings.find((item) => item.check === "probe")?.level).toBe("fail");
    expectNoSecrets(failed.result, "sk-test-not-a-real-key-0009");
  });

  it("--probe fails an empty Moonshot balance before requests do, with where to top up", async () => {
    const broke = await startSimulator({ balance: { available: 0, voucher: 0, cash: 0 } });
    try {
      const state = freshState({
        MOONSHOT_API_KEY: broke.keys.moonshot,
        OPENCLAW_MOONSHOT_AI_BASE_URL: broke.moonshotBaseUrl,
      });
      writeFileSync(state.configPath, simConfig(broke, await closedPort()));
      const { code, report } = await doctorJson(state, ["--probe"]);
      expect(code).toBe(1);
      expect(report.findings.find((item) => item.check === "probe")?.level).toBe("ok");
      expect(report.findings.find((item) => item.check === "credit")).toEqual(
        jsonFinding({
          check: "credit",
          level: "fail",
          message: "moonshot: balance used up: $0.00 (voucher $0.00, cash $0.00)",
          hint: "requests will be refused (exceeded_current_quota_error) until you top up at platform.moonshot.ai; configure a fallback model on another provider meanwhile",
          credit: { kind: "balance", available: 0, voucher: 0, cash: 0, currency: "USD" },
        }),
      );
    } finally {
      await broke.close();
    }
  });

  it("fails a bind address that is not this machine's, instead of calling its port taken", async () => {
    const state = freshState();
    const port = await closedPort();
    writeFileSync(state.configPath, JSON.stringify({ gateway: { bind: "192.0.2.1", port } }));
    const { code, report } = await doctorJson(state);
    expect(code).toBe(1);
    expect(report.findings).toContainEqual(
      jsonFinding({
        check: "gateway",
        level: "fail",
        message: `openclaw gateway would fail to start on 192.0.2.1:${port}: cannot listen on "192.0.2.1": no such local address`,
        where: "gateway.bind",
        hint: 'set gateway.bind to "loopback", "lan" or an address of this machine (ip addr shows them)',
      }),
    );
  });

  it("tells a running gateway on the configured port from another program", async () => {
    const state = freshState({ MOONSHOT_API_KEY: sim.keys.moonshot });
    const port = await closedPort();
    writeFileSync(state.configPath, simConfig(sim, port));
    const gateway = await startGateway({ env: state.env, transports: {}, log: () => {} });
    try {
      const running = await doctorJson(state);
      expect(running.report.findings).toContainEqual(
        jsonFinding({
          check: "gateway",
          level: "ok",
          message: `a gateway is running on 127.0.0.1:${port}`,
        }),
      );
    } finally {
      await gateway.close();
    }
    const other: Server = createServer((_req, res) => res.end("hello"));
    await new Promise<void>((resolve) => other.listen(port, "127.0.0.1", resolve));
    try {
      const taken = await doctorJson(state);
      // The gateway refuses to start on a port in use: a failure, and exit 1 to match.
      expect(taken.code).toBe(1);
      expect(taken.report.findings).toContainEqual(
        jsonFinding({
          check: "gateway",
          level: "fail",
          message: `127.0.0.1:${port} is taken by another program: openclaw gateway would fail to start there`,
          where: "gateway.port",
          hint: "stop it, or pick another port: gateway.port in the config, or openclaw gateway --port <n>",
        }),
      );
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it("fails a directory where the config belongs with how to move it, not a chmod for it", async () => {
    const state = freshState();
    mkdirSync(state.configPath, { mode: 0o755 });
    chmodSync(state.configPath, 0o755);
    const { code, report } = await doctorJson(state);
    expect(code).toBe(1);
    const config = report.findings.filter((item) => item.check === "config");
    expect(config).toEqual([
      expect.objectContaining({
        level: "fail",
        message: `cannot read config file ${state.configPath}: it is a directory`,
        hint: expect.stringContaining("point OPENCLAW_CONFIG_PATH at a file"),
      }),
    ]);
    expect(JSON.stringify(report.findings)).not.toContain(`chmod 700 ${state.configPath}`);
  });

  it("fails a directory where the credential store belongs with how to move it, not a chmod for it", async () => {
    const state = freshState();
    mkdirSync(state.storePath, { recursive: true, mode: 0o755 });
    chmodSync(state.storePath, 0o755);
    const { code, report } = await doctorJson(state);
    expect(code).toBe(1);
    expect(report.findings.filter((item) => item.check === "store")).toEqual([
      expect.objectContaining({
        level: "fail",
        message: `could not read the credential store ${state.storePath}: it is a directory`,
        hint: expect.stringContaining("move the directory away"),
      }),
    ]);
    // An empty directory holds no secrets, and a chmod would leave the store unreadable.
    expect(JSON.stringify(report.findings)).not.toContain("holds secrets");
    expect(JSON.stringify(report.findings)).not.toContain(`chmod 700 ${state.storePath}`);
  });

  it("wraps its lines to COLUMNS, hints and further lines under the text; --json is not wrapped", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      '{ models: { providers: { moonshot: { kye: "x" } } }, agents: { defualts: {} } }\n',
      { mode: 0o644 },
    );
    chmodSync(state.configPath, 0o644);
    const wide = await state.run(["doctor"]);
    const long = `! files    config ${state.configPath} can be read by other users (mode 644)`;
    expect(wide.stdout).toContain(long);
    const narrow = await state.run(["doctor"], { COLUMNS: "60" });
    expect(narrow.code).toBe(wide.code);
    const lines = narrow.stdout.trimEnd().split("\n");
    // Only a word too wide for any line (a path) may run past the edge, on a line of its own.
    for (const line of lines)
      if (displayWidth(line) > 60) expect(line.trim(), line).toMatch(/^\(?[^\s]+$/);
    // The message goes on under its text, the hint under the hint's text.
    const files = lines.findIndex((line) => line.startsWith("! files"));
    expect(lines[files]).toMatch(/^! files {4}config \//);
    expect(lines[files + 1]).toMatch(/^ {11}\S/);
    expect(lines.slice(files + 1).find((line) => line.includes("hint:"))).toMatch(
      /^ {11}hint: chmod 600/,
    );
    const config = lines.findIndex((line) => line.startsWith("✗ config"));
    expect(lines[config + 1]).toBe("             - models.providers.moonshot.kye: is not a known");
    expect(lines.find((line) => line.includes("hint: fix"))).toBe(
      "           hint: fix models.providers.moonshot.kye (and 1",
    );
    expect(lines).toContain("                 more), then run: openclaw config validate");
    // Nothing is cut: the text is the same but for where the lines break.
    const text = (out: string) => out.replace(/\s+/g, "");
    expect(text(narrow.stdout)).toBe(text(wide.stdout));
    // A path wider than the room stays whole on a line of its own, so the command can be copied.
    const tiny = await state.run(["doctor"], { COLUMNS: "30" });
    expect(tiny.stdout.split("\n").map((line) => line.trim())).toContain(`${state.configPath}`);
    const json = await state.run(["doctor", "--json"], { COLUMNS: "60" });
    const report = JSON.parse(json.stdout) as Report;
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: "files",
        message: `config ${state.configPath} can be read by other users (mode 644)`,
      }),
    );
  });

  it("at COLUMNS=40 moves a model ref too wide for the room under the text left just enough to fit", async () => {
    const state = freshState({ MOONSHOT_API_KEY: sim.keys.moonshot });
    // 30 cells: an id of the user's own (a built-in one this long is retired, which doctor warns of).
    const model = "moonshot/kimi-k2.5-preview-001";
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model } },
        models: {
          providers: { moonshot: { models: [{ id: "kimi-k2.5-preview-001", name: "K2.5 P" }] } },
        },
      }),
    );
    const result = await state.run(["doctor"], { COLUMNS: "40" });
    const lines = result.stdout.split("\n");
    // 30 cells under the text (column 11) would end at 41: one column left, it ends at the edge,
    // whole, so it can still be copied.
    const at = lines.findIndex((line) => line.startsWith("✓ model"));
    expect(lines[at]).toBe("✓ model    default");
    expect(lines[at + 1]).toBe(`${" ".repeat(10)}${model}`);
    expect(displayWidth(lines[at + 1] ?? "")).toBe(40);
  });

  it("has --help with examples", async () => {
    const help = await freshState().run(["doctor", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("openclaw doctor --probe");
  });
});
