/**
 * A key pasted where a name goes (a provider's key under models.providers, an alias's ref, a
 * header's or a variable's name, a model's id) is never printed: every command and the gateway
 * show it masked (`sk-kimi-***`), in text, in --json, in a log and in an HTTP body, while the
 * file:line of the problem is still named. `config validate` and `doctor` say why it reads as
 * `***`. Real CLI, real gateway process, real simulator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";
import { SIM_KEYS, type Simulator, startSimulator } from "../simulator/index.js";

/** What every pasted name below has: it must appear nowhere, in any case. */
const MIDDLE = "zq8rtyv3wx7lm2";
const PASTED = "sk-kimi-Zq8RtYv3Wx7Lm2Np5Kd9Hs4Fg6Jb1Ce0";
const BROKEN = "sk-Zq8RtYv3Wx7Lm2Bad0Bad1Bad2";
const TOKEN = "test-gateway-token-0001";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});
afterEach(() => killGatewayProcesses());

/**
 * Pasted names on lines 2 (env), 4 (a provider), 6 (a header), 7 (a model id), 11 (a provider
 * whose baseUrl, on line 12, is `brokenUrl`), 16 and 17 (allowlist refs).
 */
function configText(brokenUrl: string): string {
  const key = JSON.stringify(SIM_KEYS.ai[0]);
  const url = JSON.stringify(sim.moonshotBaseUrl);
  return [
    "{",
    "  env: { 'sk-Zq8RtYv3Wx7Lm2Env0': 'x' },",
    "  models: { mode: 'replace', providers: {",
    `    '${PASTED}': {`,
    `      baseUrl: ${url}, apiKey: ${key}, api: 'openai-completions',`,
    "      headers: { 'sk-Zq8RtYv3Wx7Lm2Hdr0': 'v' },",
    "      models: [{ id: 'kimi-k2.5', name: 'Pasted K2.5' }, { id: 'sk-Zq8RtYv3Wx7Lm2Mdl0', name: 'M' }] },",
    "    moonshot: {",
    `      baseUrl: ${url}, apiKey: ${key}, api: 'openai-completions',`,
    "      models: [{ id: 'kimi-k2.5', name: 'Kimi K2.5' }] },",
    `    '${BROKEN}': {`,
    `      baseUrl: ${JSON.stringify(brokenUrl)}, apiKey: ${key}, api: 'openai-completions',`,
    "      models: [{ id: 'kimi-k2.5', name: 'Broken K2.5' }] } } },",
    "  agents: { defaults: { model: { primary: 'moonshot/kimi-k2.5' }, models: {",
    "    'moonshot/kimi-k2.5': {},",
    `    '${PASTED}/kimi-k2.5': { alias: 'Pasted' },`,
    `    '${BROKEN}/kimi-k2.5': { alias: 'Broken' } } } },`,
    `  gateway: { auth: { token: '${TOKEN}' } },`,
    "}",
    "",
  ].join("\n");
}

function stateWith(brokenUrl: string) {
  const dir = tempDir("openclaw-key-shaped-names-");
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, configText(brokenUrl));
  return { dir, configPath, env: { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400" } };
}

function expectNoKey(...texts: string[]): void {
  for (const text of texts) expect(text.toLowerCase()).not.toContain(MIDDLE);
}

const brokenProblem = (configPath: string) =>
  `models.providers.sk-***.baseUrl: expected an http(s) URL, found the string "htp://bad" (${configPath}:12)`;

describe("a key pasted as a name, in the CLI", () => {
  it("config validate names the broken provider's setting masked, at its file:line", async () => {
    const { configPath, env } = stateWith("htp://bad");
    const text = await runCli(["config", "validate"], { env });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(brokenProblem(configPath));
    expectNoKey(text.stdout, text.stderr);

    const json = await runCli(["config", "validate", "--json"], { env });
    expect(json.code).toBe(1);
    expectNoKey(json.stdout, json.stderr);
    const report = JSON.parse(json.stdout) as {
      problems: { path: string; file: string; line: number }[];
    };
    expect(report.problems).toContainEqual(
      expect.objectContaining({ path: "models.providers.sk-***.baseUrl", line: 12 }),
    );
  });

  it("config validate and doctor warn about each pasted name at its line, masked", async () => {
    const { configPath, env } = stateWith(sim.moonshotBaseUrl);
    const text = await runCli(["config", "validate"], { env });
    expect(text.code, text.stderr).toBe(0);
    expectNoKey(text.stdout, text.stderr);
    const shaped = "is shaped like an API key, so messages show it masked";
    for (const [path, line] of [
      ["env.sk-***: the name", 2],
      ["models.providers.sk-kimi-***: the name", 4],
      ["models.providers.sk-kimi-***.headers.sk-***: the name", 6],
      ["models.providers.sk-kimi-***.models[1].id: the value", 7],
      ["models.providers.sk-***: the name", 11],
      ['agents.defaults.models["sk-kimi-***/kimi-k2.5"]: the name', 16],
    ] as const) {
      expect(text.stdout).toMatch(
        new RegExp(
          `! ${path.replace(/[.*[\]()]/g, "\\$&")} ${shaped}: a key pasted where a name goes\\? \\(${configPath}:${line}\\)`,
        ),
      );
    }

    const doctor = await runCli(["doctor"], { env });
    expectNoKey(doctor.stdout, doctor.stderr);
    expect(doctor.stdout).toContain(`models.providers.sk-kimi-***: the name ${shaped}`);
    expect(doctor.stdout).toContain(`(${configPath}:4)`);
    const doctorJson = await runCli(["doctor", "--json"], { env });
    expectNoKey(doctorJson.stdout, doctorJson.stderr);
    expect(doctorJson.stdout).toContain('"path": "models.providers.sk-kimi-***"');
  });

  it("doctor, models list and models status show the names masked, text and --json", async () => {
    const { configPath, env } = stateWith("htp://bad");
    const doctor = await runCli(["doctor"], { env });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(brokenProblem(configPath));
    const runs = [
      doctor,
      await runCli(["doctor", "--json"], { env }),
      await runCli(["models", "list", "--all"], { env }),
      await runCli(["models", "list", "--all", "--json"], { env }),
      await runCli(["models", "list", "--all", "--plain"], { env }),
      await runCli(["models", "status"], { env }),
      await runCli(["models", "status", "--json"], { env }),
      await runCli(["models", "aliases", "list"], { env }),
      await runCli(["models", "scan", "--provider", PASTED], { env }),
    ];
    for (const run of runs) expectNoKey(run.stdout, run.stderr);
    const [, doctorJson, list, listJson, plain, status] = runs;
    expect(doctorJson?.stdout).toContain(`(${configPath}:12)`);
    expect(list?.stdout).toMatch(/^sk-kimi-\*\*\*\/kimi-k2\.5 +text /m);
    expect(list?.stdout).toContain("sk-kimi-***/sk-***");
    expect(list?.stderr).toContain(brokenProblem(configPath));
    expect(listJson?.stdout).toContain('"ref": "sk-kimi-***/kimi-k2.5"');
    expect(plain?.stdout.split("\n")).toContain("sk-***/kimi-k2.5");
    expect(status?.stdout).toContain(brokenProblem(configPath));
    const scan = runs.at(-1);
    expect(scan?.code, scan?.stderr).toBe(0);
    expect(scan?.stdout).toMatch(/^sk-kimi-\*\*\* \(http/m);
  });

  it("agent and chat name the model masked in the footer, --json and a disabled provider's error", async () => {
    const { configPath, env } = stateWith("htp://bad");
    const answered = await runCli(["agent", "-m", "hi", "--model", "Pasted"], { env });
    expect(answered.code, answered.stderr).toBe(0);
    expect(answered.stderr).toContain("sk-kimi-***/kimi-k2.5 · tokens:");
    expectNoKey(answered.stdout, answered.stderr);

    const json = await runCli(["agent", "-m", "hi", "--model", "Pasted", "--json"], { env });
    expect(json.code, json.stderr).toBe(0);
    expectNoKey(json.stdout, json.stderr);
    expect(JSON.parse(json.stdout)).toMatchObject({ model: "sk-kimi-***/kimi-k2.5" });

    const chat = await runCli(["chat", "--model", "Pasted"], { env, input: "hi\n" });
    expect(chat.code, chat.stderr).toBe(0);
    expect(chat.stderr).toContain("sk-kimi-***/kimi-k2.5 · tokens:");
    expectNoKey(chat.stdout, chat.stderr);

    // The model's own words are its answer: shown as it wrote them, in text and in --json.
    const example = "export MOONSHOT_API_KEY=sk-exampleExample0000";
    sim.script([{ respond: { reply: { text: example } }, times: 2 }]);
    const words = await runCli(["agent", "-m", "hi", "--model", "Pasted"], { env });
    expect(words.stdout).toContain(example);
    const wordsJson = await runCli(["agent", "-m", "hi", "--model", "Pasted", "--json"], { env });
    expect(JSON.parse(wordsJson.stdout)).toMatchObject({ text: example });

    const broken = await runCli(["agent", "-m", "hi", "--model", "Broken"], { env });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(
      `provider "sk-***" in "sk-***/kimi-k2.5" is not usable: ${brokenProblem(configPath)}`,
    );
    expectNoKey(broken.stdout, broken.stderr);
  });

  it("config get shows a pasted name masked, --reveal as it is; config set's errors mask it", async () => {
    const { env } = stateWith(sim.moonshotBaseUrl);
    const got = await runCli(["config", "get", "models.providers"], { env });
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toContain('"sk-kimi-***": {');
    expectNoKey(got.stdout, got.stderr);
    const gotJson = await runCli(["config", "get", "env", "--json"], { env });
    expect(JSON.parse(gotJson.stdout)).toEqual({ "sk-***": "x" });

    const revealed = await runCli(["config", "get", "env", "--json", "--reveal"], { env });
    expect(JSON.parse(revealed.stdout)).toEqual({ "sk-Zq8RtYv3Wx7Lm2Env0": "x" });

    const set = await runCli(["config", "set", `models.providers.${PASTED}.baseUrl`, "htp://x"], {
      env,
    });
    expect(set.code).toBe(2);
    expect(set.stderr).toContain("models.providers.sk-kimi-***.baseUrl: expected an http(s) URL");
    expectNoKey(set.stdout, set.stderr);
    const setJson = await runCli(
      ["config", "set", `models.providers.${PASTED}.nope`, "1", "--json"],
      { env },
    );
    expect(setJson.code).toBe(2);
    expect(setJson.stdout).toContain("models.providers.sk-kimi-***.nope");
    expectNoKey(setJson.stdout, setJson.stderr);
  });
});

describe("a key pasted as an included file's name", () => {
  it("is masked where the file is named, the problem's line still given", async () => {
    const dir = tempDir("openclaw-key-shaped-include-");
    writeFileSync(
      join(dir, "openclaw.json"),
      "{\n  models: { $include: './sk-Zq8RtYv3Wx7Lm2Inc0.json5' },\n}\n",
    );
    writeFileSync(
      join(dir, "sk-Zq8RtYv3Wx7Lm2Inc0.json5"),
      "{\n  providers: { moonshot: { baseUrl: 'htp://bad', models: [] } },\n}\n",
    );
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400" };
    const text = await runCli(["config", "validate"], { env });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(`(${join(dir, "sk-***.json5")}:2)`);
    const json = await runCli(["config", "validate", "--json"], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ problems: [{ line: 2 }] });
    expectNoKey(text.stdout, text.stderr, json.stdout, json.stderr);
  });
});

describe("a key pasted as a name, in the gateway", () => {
  it("is masked in the start-up report, the reload log, /v1/models, /metrics and error bodies", async () => {
    const { dir, configPath } = stateWith("htp://bad");
    const gateway = await startGatewayProcess(
      { PATH: process.env.PATH, OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1", COLUMNS: "400" },
      ["--log-requests"],
    );
    await eventually(() => gateway.stderr().includes("usage ledger"), 10_000, "the report");
    expect(gateway.stderr()).toContain(
      `problem: ${brokenProblem(configPath)}: provider sk-*** is disabled, the others serve`,
    );
    const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const get = async (path: string) => {
      const res = await fetch(`${gateway.url}${path}`, { headers });
      return { status: res.status, body: await res.text() };
    };
    const chat = async (model: string) => {
      const res = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers,
        body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
      });
      return { status: res.status, body: await res.text() };
    };

    const models = await get("/v1/models");
    expect(models.status).toBe(200);
    expect(models.body).toContain('"id":"sk-kimi-***/kimi-k2.5"');
    const anthropicModels = await fetch(`${gateway.url}/v1/models`, {
      headers: { "x-api-key": TOKEN, "anthropic-version": "2023-06-01" },
    }).then((res) => res.text());
    const one = await get(`/v1/models/${encodeURIComponent(`${PASTED}/kimi-k2.5`)}`);
    expect(one.status).toBe(200);

    const broken = await chat("Broken");
    expect(broken.status).toBe(503);
    expect(broken.body).toContain(brokenProblem(configPath).replaceAll('"', '\\"'));
    const unknown = await chat(`${PASTED}/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('model \\"sk-kimi-***/nope\\" is not configured');
    // An answer names the model it came from masked, in its body and its header, on every API.
    const answered = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "Pasted", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(answered.status).toBe(200);
    expect(answered.headers.get("x-openclaw-model")).toBe("sk-kimi-***/kimi-k2.5");
    expect(await answered.text()).toContain('"model":"sk-kimi-***/kimi-k2.5"');
    const answers = await Promise.all(
      [
        ["/v1/chat/completions", { stream: true, messages: [{ role: "user", content: "hi" }] }],
        ["/v1/responses", { input: "hi" }],
        ["/v1/responses", { input: "hi", stream: true }],
        ["/v1/messages", { max_tokens: 64, messages: [{ role: "user", content: "hi" }] }],
        [
          "/v1/messages",
          { max_tokens: 64, stream: true, messages: [{ role: "user", content: "hi" }] },
        ],
      ].map(async ([path, body]) => {
        const res = await fetch(`${gateway.url}${path}`, {
          method: "POST",
          headers: { ...headers, "x-api-key": TOKEN },
          body: JSON.stringify({ model: `${PASTED}/kimi-k2.5`, ...(body as object) }),
        });
        return {
          status: res.status,
          header: res.headers.get("x-openclaw-model"),
          body: await res.text(),
        };
      }),
    );
    for (const answer of answers) {
      expect(answer.status, answer.body).toBe(200);
      expect(answer.header).toBe("sk-kimi-***/kimi-k2.5");
      expect(answer.body).toContain("sk-kimi-***/kimi-k2.5");
      expectNoKey(answer.body);
    }
    // The request log names the model used as the answers do.
    await eventually(
      () => gateway.stderr().includes("200  Pasted → sk-kimi-***/kimi-k2.5 "),
      10_000,
      "a request line",
    );
    const metrics = await get("/metrics");
    expect(metrics.body).toContain('provider="sk-kimi-***"');

    for (const text of [models.body, anthropicModels, one.body, broken.body, unknown.body])
      expectNoKey(text);
    expectNoKey(metrics.body);

    // A reload names the still broken provider masked, with its file:line.
    writeFileSync(configPath, readFileSync(configPath, "utf8").replace("htp://bad", "htp://bad2"));
    await eventually(() => gateway.stderr().includes("htp://bad2"), 10_000, "the reload log");
    expect(gateway.stderr()).toContain(
      `gateway: models.providers.sk-***.baseUrl: expected an http(s) URL, found the string "htp://bad2" (${configPath}:12)`,
    );
    expectNoKey(gateway.stdout(), gateway.stderr());
  });
});
