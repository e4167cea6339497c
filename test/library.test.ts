import { execFile, spawnSync } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  type AgentModelEntry,
  type AuthProfileConfig,
  assistantText,
  buildCatalog,
  checkKey,
  type Env,
  type GatewayConfig,
  type GatewayLimits,
  type GatewayTokenSource,
  type KeyCheckOptions,
  type LedgerRow,
  loadConfigObject,
  type ModelConfig,
  type ModelSelection,
  type OpenClawConfig,
  type OpenClawErrorJson,
  openRuntime,
  type ProviderConfig,
  type RunningGateway,
  resolveModel,
  startGateway,
  type TokenSaved,
  type UsageLedger,
} from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { onboardChoice } from "./helpers/onboard-args.js";
import { tempDir, tempFiles } from "./helpers/tmp.js";
import { startSimulator } from "./simulator/index.js";

const root = join(import.meta.dirname, "..");
const execFileAsync = promisify(execFile);

describe("the package as a library", () => {
  it("resolves a model through the published entry point (built dist)", () => {
    const script = `
      import { buildCatalog, loadConfig, loadConfigObject, resolveModel, openRuntime, createRuntime, defineTool, startGateway } from "openclaw-kimi";
      const catalog = buildCatalog(loadConfig({ path: "${join(root, "test/fixtures/seed/kimi-code.json5")}", env: {} }));
      const model = resolveModel(catalog, "kimi code");
      // A config the program holds, as an object: with openRuntime, or loaded like a file.
      const config = { agents: { defaults: { model: { primary: "\${PRIMARY}" } } } };
      const opened = openRuntime({ config, env: { PRIMARY: "moonshot/kimi-k2.5", OPENCLAW_STATE_DIR: "/nonexistent" } });
      const fromObject = buildCatalog(loadConfigObject(config, { env: { PRIMARY: "kimi-code/kimi-for-coding" } }));
      console.log(JSON.stringify({ ref: model.ref, ua: model.headers["User-Agent"],
        primaries: [opened.catalog.primary, fromObject.primary],
        fns: [typeof openRuntime, typeof createRuntime, typeof defineTool, typeof startGateway] }));`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      ref: "kimi-code/kimi-for-coding",
      ua: "KimiCLI/0.77",
      primaries: ["moonshot/kimi-k2.5", "kimi-code/kimi-for-coding"],
      fns: ["function", "function", "function", "function"],
    });
  });

  it("names the types of the gateway's options and handle, which a caller can use as written", async () => {
    const limits: Partial<GatewayLimits> = { maxMessages: 1 };
    const rows: LedgerRow[] = [];
    let token = "";
    // Named by the caller (before, `Env`, `TokenSaved` and `GatewayTokenSource` were not exported).
    const env: Env = { OPENCLAW_STATE_DIR: tempDir(), OPENCLAW_CONFIG_PATH: "" };
    let rewritten: TokenSaved | undefined;
    const gateway: RunningGateway = await startGateway({
      env,
      port: 0,
      transports: {},
      watch: false,
      limits,
      log: () => {},
      announceToken: (created, _configPath, saved) => {
        token = created;
        rewritten = saved;
      },
      onRequestFinished: (row) => rows.push(row),
    });
    try {
      const ledger: UsageLedger | undefined = gateway.ledger;
      expect(ledger).toBeDefined();
      const source: GatewayTokenSource | undefined = gateway.tokenSource;
      expect(source).toBe("created");
      expect(rewritten?.backupPath).toBeUndefined();
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "moonshot/kimi-k2.5",
          messages: [
            { role: "user", content: "a" },
            { role: "user", content: "b" },
          ],
        }),
      });
      // The limit given as a typed option is the one enforced, and the request is reported.
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
        /messages/,
      );
    } finally {
      await gateway.close();
    }
    expect(rows.map((row) => row.status)).toEqual([400]);
  });

  // Checked by the typecheck too: `transports` was a required option although the gateway
  // always had the built-in one, so a caller had to pass `transports: {}` (or a cast) to start it.
  it("starts the gateway with only the options a caller cares about, answering through the built-in transport", async () => {
    const sim = await startSimulator();
    const config = {
      models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
      agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
    };
    let token = "";
    const gateway = await startGateway({
      env: {
        OPENCLAW_STATE_DIR: tempFiles({ "openclaw.json": JSON.stringify(config) }),
        MOONSHOT_API_KEY: sim.keys.moonshot,
      },
      port: 0,
      watch: false,
      log: () => {},
      announceToken: (created) => {
        token = created;
      },
    });
    try {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hi" }] }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { choices: { message: { content: string } }[] };
      expect(body.choices[0]?.message.content).toBe("Echo: hi");
    } finally {
      await gateway.close();
      await sim.close();
    }
  });

  // Checked by the typecheck: the parts of the config had no exported names, so a program that
  // builds a provider's entry on its own spelled NonNullable<OpenClawConfig["models"]>… or cast.
  it("names the parts of a config, which a program can build one by one", () => {
    const model: ModelConfig = { id: "kimi-k2.5", name: "K2.5", contextWindow: 128_000 };
    const moonshot: ProviderConfig = { baseUrl: "http://127.0.0.1:9/v1", models: [model] };
    const selection: ModelSelection = { primary: "moonshot/kimi-k2.5" };
    const entry: AgentModelEntry = { alias: "K" };
    const gatewaySettings: GatewayConfig = { port: 18_790 };
    const profile: AuthProfileConfig = { provider: "moonshot", mode: "api_key" };
    const config: OpenClawConfig = {
      models: { providers: { moonshot } },
      agents: { defaults: { model: selection, models: { "moonshot/kimi-k2.5": entry } } },
      gateway: gatewaySettings,
      auth: { profiles: { "moonshot:default": profile } },
    };
    const resolved = resolveModel(buildCatalog(loadConfigObject(config, { env: {} })), "K");
    expect([resolved.ref, resolved.baseUrl, resolved.contextWindow]).toEqual([
      "moonshot/kimi-k2.5",
      "http://127.0.0.1:9/v1",
      128_000,
    ]);
  });

  // Checked by the typecheck (npm test runs it): before, OpenClawConfig had no index signature,
  // so a strict caller needed a cast to pass the package's own config type.
  it("takes a config typed as the exported OpenClawConfig, in openRuntime and loadConfigObject", async () => {
    const sim = await startSimulator();
    try {
      const config: OpenClawConfig = {
        models: {
          providers: {
            moonshot: { baseUrl: sim.moonshotBaseUrl, models: [{ id: "kimi-k2.5", name: "K2.5" }] },
          },
        },
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
      };
      expect(buildCatalog(loadConfigObject(config, { env: {} })).primary).toBe(
        "moonshot/kimi-k2.5",
      );
      const { runtime } = openRuntime({
        config,
        env: { MOONSHOT_API_KEY: sim.keys.moonshot, OPENCLAW_STATE_DIR: tempDir() },
      });
      const result = await runtime.complete({
        request: { messages: [{ role: "user", content: "hi" }] },
      });
      expect(result.model).toBe("moonshot/kimi-k2.5");
      // The answer as a string, without narrowing content's string | parts | null by hand.
      const answer: string = assistantText(result.message);
      expect(answer).toBe("Echo: hi");
    } finally {
      await sim.close();
    }
  });

  // Before, each call in flight added its own listener to the caller's signal, so a program that
  // gave one AbortController's signal to 11 calls at once got Node's MaxListenersExceededWarning
  // ("Possible EventTarget memory leak detected") on its stderr from the library.
  it("shares one AbortSignal among many calls at once without a warning on stderr, and aborts them all", async () => {
    const sim = await startSimulator();
    sim.script([{ when: { model: "kimi-k2.6" }, respond: { hang: true }, times: Infinity }]);
    const script = `
      import { assistantText, openRuntime, runAgentToEnd } from "openclaw-kimi";
      const config = { models: { providers: { moonshot: { baseUrl: process.env.SIM_URL,
        models: [{ id: "kimi-k2.5", name: "K2.5" }, { id: "kimi-k2.6", name: "K2.6" }] } } },
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } } };
      const { runtime } = openRuntime({ config });
      const shared = new AbortController();
      const request = (i) => ({ signal: shared.signal, request: { messages: [{ role: "user", content: "n" + i } ] } });
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        runtime.complete(request(i)).then((result) => assistantText(result.message))));
      // runAgent with a deadline for the whole call listens to the signal too.
      const agents = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        runAgentToEnd({ runtime, signal: shared.signal, timeouts: { totalMs: 60000 },
          messages: [{ role: "user", content: "a" + i }] }).then((result) => assistantText(result.message))));
      const hanging = Array.from({ length: 12 }, async (_, i) => {
        for await (const event of runtime.stream({ ...request(i), model: "moonshot/kimi-k2.6" })) void event;
      });
      setImmediate(() => shared.abort());
      const stopped = await Promise.allSettled(hanging);
      console.log(JSON.stringify({ answered: answers.filter((a, i) => a === "Echo: n" + i).length,
        agents: agents.filter((a, i) => a === "Echo: a" + i).length,
        cancelled: stopped.map((s) => s.status === "rejected" ? s.reason.code : s.status) }));`;
    try {
      // Not spawnSync: the simulator answers from this process's event loop.
      const result = await execFileAsync(process.execPath, ["--input-type=module", "-e", script], {
        cwd: root,
        encoding: "utf8",
        env: {
          PATH: process.env.PATH,
          SIM_URL: sim.moonshotBaseUrl,
          MOONSHOT_API_KEY: sim.keys.moonshot,
          OPENCLAW_STATE_DIR: tempDir(),
        },
      });
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual({
        answered: 12,
        agents: 12,
        cancelled: Array(12).fill("provider.cancelled"),
      });
    } finally {
      await sim.close();
    }
  });

  // The guide's "Whose key wins": `env` stands in for the process's environment, so a key in it
  // comes after the auth profile `openclaw onboard` stored, as $MOONSHOT_API_KEY does for the CLI;
  // the state dir (and so that profile) comes from the `env` given; a program that gives its own
  // state dir uses its own key.
  it("uses the key onboarding stored over a key in openRuntime's env, unless env gives its own state dir", async () => {
    const onboarded = "sk-test-onboarded-0001";
    const programs = "sk-test-program-0002";
    const sim = await startSimulator({ keys: { ai: [onboarded, programs] } });
    try {
      const stateDir = tempDir();
      const onboard = await runCli(onboardChoice("moonshot-api-key"), {
        env: {
          OPENCLAW_STATE_DIR: stateDir,
          OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
          MOONSHOT_API_KEY: onboarded,
        },
      });
      expect(onboard.code).toBe(0);
      const config: OpenClawConfig = {
        models: {
          providers: {
            moonshot: { baseUrl: sim.moonshotBaseUrl, models: [{ id: "kimi-k2.5", name: "K2.5" }] },
          },
        },
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
      };
      const keySent = async (env: Env): Promise<unknown> => {
        sim.reset();
        const { runtime } = openRuntime({ config, env });
        await runtime.complete({ request: { messages: [{ role: "user", content: "hi" }] } });
        return sim.chatRequests()[0]?.headers.authorization;
      };
      expect(await keySent({ OPENCLAW_STATE_DIR: stateDir, MOONSHOT_API_KEY: programs })).toBe(
        `Bearer ${onboarded}`,
      );
      expect(await keySent({ OPENCLAW_STATE_DIR: tempDir(), MOONSHOT_API_KEY: programs })).toBe(
        `Bearer ${programs}`,
      );
      // Once the provider revokes the stored key, the env's key is still not tried: the error
      // names the profile the refused key came from, and the env's key passed over (it said
      // only the profile, leaving a program that passed its key to wonder).
      const revoked = await startSimulator({ keys: { ai: [programs] } });
      try {
        const moonshot = {
          baseUrl: revoked.moonshotBaseUrl,
          models: [{ id: "kimi-k2.5", name: "K2.5" }],
        };
        const { runtime } = openRuntime({
          config: { ...config, models: { providers: { moonshot } } },
          env: { OPENCLAW_STATE_DIR: stateDir, MOONSHOT_API_KEY: programs },
        });
        const failure = await runtime
          .complete({ request: { messages: [{ role: "user", content: "hi" }] } })
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(failure).toMatchObject({
          code: "provider.auth",
          hint: 'put the right key in auth profile "moonshot:default"; the next request uses it at once; $MOONSHOT_API_KEY holds a key too, not tried while auth profile "moonshot:default" holds one',
        });
      } finally {
        await revoked.close();
      }
    } finally {
      await sim.close();
    }
  });

  // A script that handles both reads one shape: before, the library left out the keys it had no
  // value for while the CLI's --json printed them as null.
  it("gives an error's JSON the keys the CLI's --json failure has, null where there is nothing", async () => {
    // Plain JavaScript's checkKey() with nothing: an error with a hint and no place to name.
    const thrown: unknown = await checkKey(undefined as unknown as KeyCheckOptions).catch(
      (error: unknown) => error,
    );
    const library = JSON.parse(JSON.stringify(thrown)) as OpenClawErrorJson;
    expect(library).toEqual({
      code: "usage",
      message: "checkKey takes an options object, got undefined",
      where: null,
      hint: expect.stringContaining("pass { target: { label: string, baseUrl: string"),
    });
    const cli = await runCli(["models", "list", "--no-such-flag", "--json"], {
      env: { OPENCLAW_STATE_DIR: tempDir() },
    });
    const failure = JSON.parse(cli.stdout) as { error: OpenClawErrorJson };
    expect(failure.error.where).toBeNull();
    expect(Object.keys(library)).toEqual(Object.keys(failure.error));
  });
});
