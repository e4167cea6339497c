/**
 * `openclaw gateway` at start-up and on a reload, with a provider the config uses (the default
 * model, its aliases, its models.providers entry) that has no key: requests for it are answered
 * 503 until one is set, so the start says which, once, with the variable that gives the key; a
 * reload says it again only when what it leaves unanswered changes. With no key at all, the one
 * "no provider has a key yet" warning stays alone. When one gets a key (its apiKey set, the
 * credential store written as onboard does), the reload that brings it says so, once; the warning
 * said on a reload names the state dir in its onboard command as the start's does. A real gateway
 * process, real config edits.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withApiKeyProfile, writeAuthStore } from "../../src/auth/store.js";
import { agentDir } from "../../src/config/index.js";
import { startGateway } from "../../src/index.js";
import {
  gatewayEnv,
  killGatewayProcesses,
  spawnGateway,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { eventually, simConfig } from "./harness.js";

let sim: Simulator;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => killGatewayProcesses());
afterAll(async () => {
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Config = ReturnType<typeof simConfig>;

/** A state dir with `config` and the gateway's environment with these keys. */
function stateWith(config: Config, keys: { moonshot: string; kimiCode: string }) {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-keyless-provider-"));
  dirs.push(dir);
  const configPath = join(dir, "openclaw.json");
  const write = (next: Config) => writeFileSync(configPath, JSON.stringify(next, null, 2));
  write(config);
  return { dir, write, env: gatewayEnv(dir, keys) };
}

/** `config` with Moonshot's key written in it as apiKey (as an operator fixing it would). */
function withMoonshotKey(config: Config): Config {
  const providers = config.models.providers as Record<string, Record<string, unknown>>;
  return {
    ...config,
    models: {
      ...config.models,
      providers: { ...providers, moonshot: { ...providers.moonshot, apiKey: sim.keys.moonshot } },
    },
  } as Config;
}

const count = (text: string, part: string) => text.split(part).length - 1;

/** The default model alone (no fallback), Moonshot's: `openclaw` has no member with a key. */
const moonshotOnly = () => simConfig(sim, { fallbacks: [] });

describe("gateway start-up with a provider the config uses and no key for it", () => {
  it("says which requests get 503 until which variable is set, once, and no 'no key for' line for it", async () => {
    const { env } = stateWith(moonshotOnly(), { moonshot: "", kimiCode: sim.keys.kimiCode });
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger: "), 15_000, "the start-up report");
    const warning =
      'warning: moonshot has no API key: requests for openclaw, moonshot/kimi-k2.5 (alias "Kimi K2.5"), moonshot/kimi-k2-thinking (alias "Kimi K2 Thinking") and 2 more will get 503 until MOONSHOT_API_KEY is set\n';
    expect(cli.stderr()).toContain(warning);
    expect(cli.stderr()).not.toContain("no key for: moonshot");
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(count(cli.stderr(), "moonshot has no API key")).toBe(1);
  });

  it("with no key at all, says only that no provider has a key yet", async () => {
    const { env } = stateWith(moonshotOnly(), { moonshot: "", kimiCode: "" });
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger: "), 15_000, "the start-up report");
    expect(cli.stderr()).toContain("no provider has a key yet");
    expect(cli.stderr()).not.toContain("has no API key:");
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("on reload: says a provider newly used without a key, not again one said already", async () => {
    const config = moonshotOnly();
    const { write, env } = stateWith(config, { moonshot: "", kimiCode: sim.keys.kimiCode });
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger: "), 15_000, "the start-up report");
    expect(count(cli.stderr(), "moonshot has no API key")).toBe(1);

    // An edit that changes nothing of it: not said again.
    write({ ...config, env: { UNRELATED: "1" } } as Config);
    await eventually(
      () => count(cli.stderr(), "config reloaded from") === 1,
      10_000,
      "the first reload",
    );
    expect(count(cli.stderr(), "moonshot has no API key")).toBe(1);

    // A provider added under models.providers whose key variable is not set: said, once; the
    // other is not said again.
    const slow = {
      baseUrl: sim.moonshotBaseUrl,
      apiKey: "${SLOW_KEY}",
      api: "openai-completions",
      models: [{ id: "kimi-k2.5", name: "Slow K2.5", reasoning: false, input: ["text"] }],
    };
    write(simConfig(sim, { fallbacks: [], extraProviders: { slow } }));
    await eventually(
      () => count(cli.stderr(), "config reloaded from") === 2,
      10_000,
      "the second reload",
    );
    await eventually(
      () => cli.stderr().includes("slow has no API key"),
      5000,
      "the new provider's warning",
    );
    expect(cli.stderr()).toContain(
      "gateway: warning: slow has no API key: requests for slow/kimi-k2.5 will get 503 until SLOW_KEY is set\n",
    );
    expect(count(cli.stderr(), "moonshot has no API key")).toBe(1);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });
});

describe("a provider warned of that gets a key", () => {
  const served =
    'gateway: moonshot has an API key now: requests for openclaw, moonshot/kimi-k2.5 (alias "Kimi K2.5"), moonshot/kimi-k2-thinking (alias "Kimi K2 Thinking") and 2 more are served again\n';

  it("on the reload that sets its apiKey, says once that its requests are served again", async () => {
    const config = moonshotOnly();
    const { write, env } = stateWith(config, { moonshot: "", kimiCode: sim.keys.kimiCode });
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger: "), 15_000, "the start-up report");
    expect(count(cli.stderr(), "moonshot has no API key")).toBe(1);

    write(withMoonshotKey(config));
    await eventually(() => cli.stderr().includes(served), 10_000, "the key's news");
    // A later edit leaves it keyed: nothing more is said of it.
    write({ ...withMoonshotKey(config), env: { UNRELATED: "1" } } as Config);
    await eventually(
      () => count(cli.stderr(), "config reloaded from") === 2,
      10_000,
      "the second reload",
    );
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(count(cli.stderr(), "moonshot has an API key now")).toBe(1);
    expect(count(cli.stderr(), "moonshot has no API key")).toBe(1);
    expect(cli.stderr()).not.toContain("has an API key again");
  });

  it("when `openclaw onboard` in another terminal stores its key, says so (--json: a log event)", async () => {
    const { dir, env } = stateWith(moonshotOnly(), { moonshot: "", kimiCode: sim.keys.kimiCode });
    const cli = spawnGateway(env, ["--json"]);
    await eventually(() => cli.stdout().includes('"event":"listening"'), 15_000, "listening");
    // What onboard writes: the credential store under the state dir's agent, made now.
    writeAuthStore(
      agentDir(dir),
      withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", {
        key: sim.keys.moonshot,
      }),
    );
    const events = () =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { event: string; message?: string });
    await eventually(
      () => events().some((event) => event.message === served.trimEnd()),
      10_000,
      "the key's news as a log event",
    );
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(events().filter((event) => event.message?.includes("has an API key now"))).toHaveLength(
      1,
    );
  });

  it("a program's log hears it too, on the reload that brought the key", async () => {
    const config = simConfig(sim);
    const { write, env } = stateWith(config, { moonshot: "", kimiCode: sim.keys.kimiCode });
    const lines: string[] = [];
    const gateway = await startGateway({ env, port: 0, log: (line) => lines.push(line) });
    try {
      write(withMoonshotKey(config));
      const line =
        'gateway: moonshot has an API key now: requests for moonshot/kimi-k2.5 (alias "Kimi K2.5"), moonshot/kimi-k2-thinking (alias "Kimi K2 Thinking"), moonshot/kimi-k2-turbo-preview and moonshot/kimi-k3 are served again';
      await eventually(() => lines.includes(line), 10_000, "the key's news");
      const reloaded = lines.findIndex((entry) => entry.startsWith("gateway: config reloaded"));
      expect(reloaded).toBeGreaterThanOrEqual(0);
      expect(lines.indexOf(line)).toBeGreaterThan(reloaded);
    } finally {
      await gateway.close(1000);
    }
  });
});

describe("a provider that lost its key and gets it back", () => {
  it("is told back once, by the lost key's words, not by both", async () => {
    const config = simConfig(sim);
    const { write, env } = stateWith(config, {
      moonshot: sim.keys.moonshot,
      kimiCode: sim.keys.kimiCode,
    });
    const lines: string[] = [];
    const gateway = await startGateway({
      env,
      port: 0,
      watch: false,
      log: (line) => lines.push(line),
    });
    try {
      const providers = config.models.providers as Record<string, Record<string, unknown>>;
      const unset = (next: Config) =>
        ({
          ...next,
          models: {
            ...next.models,
            providers: {
              ...providers,
              moonshot: { ...providers.moonshot, apiKey: "${UNSET_KEY}" },
            },
          },
        }) as Config;
      write(unset(config));
      expect(gateway.reload()).toBe(true);
      expect(lines.join("\n")).toContain("no API key now for moonshot");
      // What it leaves unanswered changes while it has none: its warning says so.
      write(unset(simConfig(sim, { fallbacks: ["moonshot/kimi-k3"] })));
      expect(gateway.reload()).toBe(true);
      expect(lines.join("\n")).toContain("moonshot has no API key: requests for openclaw");
      write(config);
      expect(gateway.reload()).toBe(true);
      const said = lines.join("\n");
      expect(count(said, "moonshot has an API key again")).toBe(1);
      expect(said).not.toContain("has an API key now");
    } finally {
      await gateway.close(1000);
    }
  });
});

describe("the onboard command of the warning, with the gateway's state dir not a plain shell's", () => {
  it("names the state dir on a reload as at start", async () => {
    const config = moonshotOnly();
    const { dir, write, env } = stateWith(config, { moonshot: "", kimiCode: sim.keys.kimiCode });
    // The simulator stands in for Moonshot's endpoint: the warning has its onboard command.
    const cli = await startGatewayProcess({
      ...env,
      OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
    });
    await eventually(() => cli.stderr().includes("usage ledger: "), 15_000, "the start-up report");
    const command = `(or run: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key)\n`;
    expect(cli.stderr()).toContain(`will get 503 until MOONSHOT_API_KEY is set ${command}`);

    // The default chain gets a fallback of Moonshot's: the line changes, and is said again.
    write(simConfig(sim, { fallbacks: ["moonshot/kimi-k3"] }));
    await eventually(
      () => count(cli.stderr(), "moonshot has no API key") === 2,
      10_000,
      "the warning again",
    );
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    const reloaded = cli
      .stderr()
      .split("\n")
      .filter((line) => line.startsWith("gateway: warning: moonshot has no API key"));
    expect(reloaded).toHaveLength(1);
    expect(`${reloaded[0]}\n`).toContain(`until MOONSHOT_API_KEY is set ${command}`);
  });
});

describe("a program's gateway (the library's startGateway) with such a provider", () => {
  // The built-in moonshot's apiKey names MY_KEY, which is unset: the line named MOONSHOT_API_KEY,
  // a variable the config never mentions.
  it("whose apiKey names an unset variable, names that variable where the config writes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openclaw-keyless-provider-"));
    dirs.push(dir);
    const configPath = join(dir, "openclaw.json");
    writeFileSync(
      configPath,
      '{\n  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },\n  models: {\n    providers: {\n      moonshot: { apiKey: "${MY_KEY}" },\n    },\n  },\n}\n',
    );
    const { MOONSHOT_API_KEY: _unset, ...env } = gatewayEnv(dir, { moonshot: "", kimiCode: "" });
    const lines: string[] = [];
    const gateway = await startGateway({
      env,
      port: 0,
      watch: false,
      log: (entry) => lines.push(entry),
    });
    try {
      expect(lines).toContain(
        `gateway: warning: moonshot has no API key: requests for openclaw and moonshot/kimi-k2.5 will get 503 until MY_KEY is set (named by its apiKey "\${MY_KEY}" at ${configPath}:5; or run: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key)`,
      );
      expect(lines.join("\n")).not.toContain("until MOONSHOT_API_KEY is set");
    } finally {
      await gateway.close(1000);
    }
  });

  it("tells its log at start, the default chain's fallen-back-past member too", async () => {
    // Moonshot keyless ahead of Kimi Code, which answers `openclaw`: the CLI says that member in
    // doctor's words; a program has no other word of it.
    const { env } = stateWith(simConfig(sim), { moonshot: "", kimiCode: sim.keys.kimiCode });
    const lines: string[] = [];
    const gateway = await startGateway({
      env,
      port: 0,
      watch: false,
      log: (line) => lines.push(line),
    });
    try {
      expect(lines).toContain(
        'gateway: warning: moonshot has no API key: requests for moonshot/kimi-k2.5 (alias "Kimi K2.5"), moonshot/kimi-k2-thinking (alias "Kimi K2 Thinking"), moonshot/kimi-k2-turbo-preview and moonshot/kimi-k3 will get 503 until MOONSHOT_API_KEY is set',
      );
    } finally {
      await gateway.close(1000);
    }
  });
});
