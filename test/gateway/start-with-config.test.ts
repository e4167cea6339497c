/**
 * `startGateway` from the package entry as a program embedding it calls it: with the config as an
 * object (as `openRuntime` takes one), and with a misspelt option name. Before, plain JavaScript's
 * `config` was ignored (the built-in providers served, every request 502 ENOTFOUND
 * api.moonshot.ai) and `prot: 8080` started on the default port without a word. Real sockets:
 * the simulator and the `openai` client.
 */
import { existsSync, readdirSync } from "node:fs";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime, type StartGatewayOptions, startGateway } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const TOKEN = "test-gateway-token-config-object-0001";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

function configFor(gateway: Record<string, unknown>) {
  return {
    models: {
      providers: {
        moonshot: { baseUrl: sim.moonshotBaseUrl, models: [{ id: "kimi-k2.5", name: "K2.5" }] },
        // A value the schema refuses: this provider is left out, moonshot serves.
        "kimi-code": { baseUrl: "not a url", models: [{ id: "kimi-for-coding", name: "K" }] },
      },
    },
    agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
    gateway,
  };
}

/** Calls `startGateway` with options as plain JavaScript may pass them (names unchecked). */
function startUnchecked(options: Record<string, unknown>) {
  return startGateway(options as StartGatewayOptions);
}

describe("startGateway({ config })", () => {
  it("serves the config object given, leaving out a provider it breaks, with hot reload off", async () => {
    const stateDir = tempDir("h8-config-object-");
    const lines: string[] = [];
    const gateway = await startGateway({
      port: 0,
      config: configFor({ auth: { mode: "token", token: TOKEN } }),
      env: { OPENCLAW_STATE_DIR: stateDir, MOONSHOT_API_KEY: sim.keys.moonshot },
      log: (line) => lines.push(line),
    });
    try {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
      const answer = await client.chat.completions.create({
        model: "openclaw",
        messages: [{ role: "user", content: "hi" }],
      });
      expect(answer.choices[0]?.message.content).toBe("Echo: hi");
      const models = (await client.models.list()).data.map((model) => model.id);
      expect(models).toContain("moonshot/kimi-k2.5");
      expect(models).not.toContain("kimi-code/kimi-for-coding");
      expect(gateway.reloads).toBe(false);
      expect(gateway.configPath).toBe("(the config object given)");
      expect(gateway.backend().problems.map((problem) => problem.where)).toEqual([
        "models.providers.kimi-code.baseUrl",
      ]);
      expect(lines.join("\n")).toContain(
        "gateway: serving the config object given (startGateway's config): hot reload is off",
      );
      expect(gateway.reload()).toBe(false);
      expect(lines.at(-1)).toMatch(
        /^gateway: config reload skipped: the config was given as an object/,
      );
    } finally {
      await gateway.close();
    }
    // No config file was written into the state dir (its ledger is there, as without config).
    expect(existsSync(`${stateDir}/openclaw.json`)).toBe(false);
  });

  it("refuses a config openRuntime refuses, with the same words", async () => {
    const config = {
      models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
      gateway: { port: "x" },
    };
    const env = { OPENCLAW_STATE_DIR: tempDir("h8-config-object-") };
    const fromRuntime = (() => {
      try {
        openRuntime({ config, env });
      } catch (error) {
        return error;
      }
    })();
    expect(fromRuntime).toBeInstanceOf(Error);
    const fromGateway = await startGateway({ port: 0, config, env }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(fromGateway).toMatchObject({
      message: (fromRuntime as Error).message,
      hint: (fromRuntime as { hint?: string }).hint,
    });
    expect((fromGateway as Error).message).toContain("gateway.port");
  });

  it("refuses a config that sets no token, writing nothing: there is no file to save one in", async () => {
    const stateDir = tempDir("h8-config-object-");
    const failure = await startGateway({
      port: 0,
      config: configFor({}),
      env: { OPENCLAW_STATE_DIR: stateDir, MOONSHOT_API_KEY: sim.keys.moonshot },
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({
      code: "gateway.token_needs_file",
      message:
        "startGateway's config sets no gateway token, and a config given as an object has no file to save a new one in",
      hint: expect.stringContaining("set gateway.auth.token in the config"),
    });
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it("with no default model in the object, a client asking for openclaw is told to set it in the object, not to run models set", async () => {
    const { agents: _none, ...config } = configFor({ auth: { mode: "token", token: TOKEN } });
    const gateway = await startGateway({
      port: 0,
      config,
      env: {
        OPENCLAW_STATE_DIR: tempDir("h8-config-object-"),
        MOONSHOT_API_KEY: sim.keys.moonshot,
      },
    });
    try {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
      const failure = await client.chat.completions
        .create({ model: "openclaw", messages: [{ role: "user", content: "hi" }] })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(OpenAI.APIError);
      const message = (failure as InstanceType<typeof OpenAI.APIError>).message;
      expect(message).toContain("no default model is set (agents.defaults.model.primary)");
      // Before: 'run: openclaw models set moonshot/kimi-k2.5 …; the gateway picks it up without a
      // restart', which edits a file this gateway never reads, and nothing would pick it up.
      expect(message).toContain(
        'hint: ask for a model by its ref ("moonshot/kimi-k2.5": moonshot has a key; GET /v1/models lists them), or set agents.defaults.model.primary in the config object startGateway is given and start it again: a config given as an object is not reloaded',
      );
      expect(message).not.toContain("openclaw models set");
      // What the hint says works: the model by its ref.
      const answer = await client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      });
      expect(answer.choices[0]?.message.content).toBe("Echo: hi");
    } finally {
      await gateway.close();
    }
  });
});

describe("option names plain JavaScript misspells", () => {
  it("startGateway refuses one it does not take, naming the nearest and all of them", async () => {
    const failure = await startUnchecked({ prot: 0, env: { OPENCLAW_STATE_DIR: tempDir() } }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({
      code: "usage",
      message: 'startGateway has no option "prot" (did you mean port?)',
      hint: expect.stringMatching(
        /^spell it port, or leave it out: the options startGateway takes are env, config, port, bind, /,
      ),
    });
  });

  it("startGateway and openRuntime name every unknown option, each with its own suggestion", async () => {
    const failure = await startUnchecked({
      prot: 0,
      evn: { OPENCLAW_STATE_DIR: tempDir() },
      zzzzzzzz: true,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({
      code: "usage",
      message:
        'startGateway has no options "prot" (did you mean port?), "evn" (did you mean env?), "zzzzzzzz"',
      where: "prot, evn, zzzzzzzz",
      hint: expect.stringMatching(
        /^spell "prot" as port, "evn" as env \(or leave them out\); leave out "zzzzzzzz": the options startGateway takes are env, config, port, /,
      ),
    });
    expect(() =>
      openRuntime({ evn: {}, confgPath: "x" } as Parameters<typeof openRuntime>[0]),
    ).toThrow(
      expect.objectContaining({
        code: "usage",
        message:
          'openRuntime has no options "evn" (did you mean env?), "confgPath" (did you mean configPath?)',
      }),
    );
  });

  it("openRuntime refuses one it does not take, naming the nearest", () => {
    expect(() =>
      openRuntime({ evn: { OPENCLAW_STATE_DIR: tempDir() } } as Parameters<typeof openRuntime>[0]),
    ).toThrow(
      expect.objectContaining({
        code: "usage",
        message: 'openRuntime has no option "evn" (did you mean env?)',
        hint: "spell it env, or leave it out: the options openRuntime takes are env, configPath, config, agentId, transports, retry, cooldowns",
      }),
    );
  });
});
