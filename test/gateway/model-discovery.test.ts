/**
 * The gateway asks each provider with a key what it serves (`GET /models`) after it starts and
 * after a reload that changes a key, and `/v1/models` stops offering the configured ids the
 * provider does not list (the simulator, like the API today, no longer serves the K2 previews
 * and kimi-k2-thinking*). Real sockets, the official `openai` client; nothing here waits on a
 * clock: each check polls, bounded, for the discovery to land.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import type { DiscoveryReport } from "../../src/gateway/model-discovery.js";
import { startGateway, toResolvedKey } from "../../src/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { gatewayEnv, killGatewayProcesses, spawnGateway } from "../helpers/gateway-process.js";
import { startSimulator } from "../simulator/index.js";
import { eventually, type GatewayEnv, simConfig, startGatewayEnv } from "./harness.js";

const running: GatewayEnv[] = [];
afterEach(async () => {
  killGatewayProcesses();
  for (const env of running.splice(0)) await env.close();
});

const RETIRED_REFS = ["moonshot/kimi-k2-turbo-preview", "moonshot/kimi-k2-thinking"];

async function start(options: Parameters<typeof startGatewayEnv>[0] = {}) {
  const lines: string[] = [];
  const reports: DiscoveryReport[] = [];
  const env = await startGatewayEnv({
    sim: { serveRetiredModels: false },
    ...options,
    start: {
      log: (line) => lines.push(line),
      onDiscovery: (report) => reports.push(report),
      ...options.start,
    },
  });
  running.push(env);
  return { env, lines, reports, sdk: env.client() };
}

/**
 * What the gateway's commands carry in front: its state dir (gatewayEnv's) is not the one a plain
 * shell reads, so the command typed in another terminal names it.
 */
function stateDirWords(env: GatewayEnv): string {
  return `OPENCLAW_STATE_DIR=${env.stateDir} `;
}

async function listedIds(sdk: OpenAI): Promise<string[]> {
  const ids: string[] = [];
  for await (const model of sdk.models.list()) ids.push(model.id);
  return ids;
}

/** Waits for the gateway to report `count` providers' discoveries. */
async function discoveries(reports: DiscoveryReport[], count: number): Promise<void> {
  await eventually(() => reports.length >= count, 5000, `${count} discovery report(s)`);
}

async function refusal(request: () => Promise<unknown>) {
  const error = await request().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

async function metricsText(env: GatewayEnv): Promise<string> {
  const res = await fetch(`${env.gateway.url}/metrics`, {
    headers: { authorization: "Bearer test-gateway-token-0001" },
  });
  return res.text();
}

describe("GET /v1/models once the providers have said what they serve", () => {
  it("leaves out the configured ids a provider does not list, says so once, and still forwards them", async () => {
    const { env, lines, reports, sdk } = await start();
    const prefix = stateDirWords(env);
    await discoveries(reports, 2);
    const ids = await listedIds(sdk);
    expect(ids).toEqual([
      "openclaw",
      "moonshot/kimi-k2.5",
      "moonshot/kimi-k3",
      "kimi-code/kimi-for-coding",
    ]);

    // The entries' aliases go with them: "Kimi K2 Thinking" is offered nowhere.
    const page = await sdk.models.list();
    expect(JSON.stringify(page.data)).not.toContain("Kimi K2 Thinking");

    const moonshot = reports.find((report) => report.provider === "moonshot");
    expect(moonshot).toMatchObject({ ok: true, notServed: RETIRED_REFS, error: undefined });
    expect(moonshot?.listed).toContain("kimi-k2.5");
    expect(reports.find((report) => report.provider === "kimi-code")).toMatchObject({
      ok: true,
      notServed: [],
    });

    // Said once, naming the ids and what to run.
    const said = lines.filter((line) => line.includes("not in the models your key can use"));
    expect(said).toHaveLength(1);
    for (const ref of RETIRED_REFS) expect(said[0]).toContain(ref);
    expect(said[0]).toContain("openclaw models scan --provider moonshot");
    expect(said[0]).toContain(
      `take the models it no longer lists out of the config with: ${prefix}openclaw models scan --provider moonshot --prune`,
    );

    // Asked for directly: a 404 in OpenAI's shape, like a model the gateway does not know.
    const gone = await refusal(() => sdk.models.retrieve("moonshot/kimi-k2-thinking"));
    expect(gone.status).toBe(404);
    expect(gone.code).toBe("model_not_found");
    // Worded as the start-up line and doctor --probe say it of the same list.
    expect(gone.message).toContain(
      "moonshot/kimi-k2-thinking is configured, but it is not in the models moonshot's key can use (GET /v1/models: an id it retired, or one this key may not use)",
    );
    expect(gone.message).toContain("openclaw models scan --provider moonshot");
    // The command that drops gone entries, whole, so it can be copied.
    expect(gone.message).toContain(
      `take the models it no longer lists out of the config with: ${prefix}openclaw models scan --provider moonshot --prune`,
    );
    expect((await sdk.models.retrieve("moonshot/kimi-k2.5")).id).toBe("moonshot/kimi-k2.5");
    expect((await sdk.models.retrieve("openclaw")).id).toBe("openclaw");

    // A request naming it still goes to the provider, whose answer the client gets.
    const before = env.sim.chatRequests().length;
    const answer = await refusal(() =>
      sdk.chat.completions.create({
        model: "Kimi K2 Thinking",
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect(answer.status).toBe(404);
    expect(env.sim.chatRequests().length).toBe(before + 1);

    // The default model's chain is as it was.
    const ok = await sdk.chat.completions.create({
      model: "openclaw",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(ok.model).toBe("moonshot/kimi-k2.5");
    expect(
      lines.filter((line) => line.includes("not in the models your key can use")),
    ).toHaveLength(1);
  });

  it("counts the provider's 404 answers per provider and model on /metrics", async () => {
    const { env, sdk } = await start({
      primary: "moonshot/kimi-k2-thinking",
      fallbacks: ["kimi-code/kimi-for-coding"],
    });
    const messages = [{ role: "user" as const, content: "hi" }];
    const series =
      'openclaw_gateway_upstream_not_found_total{provider="moonshot",model="kimi-k2-turbo-preview"}';
    expect(await metricsText(env)).not.toContain(series);
    // Named directly: the run ends on the 404.
    await refusal(() =>
      sdk.chat.completions.create({ model: "moonshot/kimi-k2-turbo-preview", messages }),
    );
    // Through the chain: the 404 of the primary, then the fallback answers.
    expect((await sdk.chat.completions.create({ model: "openclaw", messages })).model).toBe(
      "kimi-code/kimi-for-coding",
    );
    const text = await metricsText(env);
    expect(text).toContain(`${series} 1`);
    expect(text).toContain(
      'openclaw_gateway_upstream_not_found_total{provider="moonshot",model="kimi-k2-thinking"} 1',
    );
    expect(text).not.toContain('upstream_not_found_total{provider="kimi-code"');
  });
});

describe("retired ids that only openclaw's built-in list holds", () => {
  it("are named without suggesting a prune, which would find nothing of them in the config", async () => {
    // The config as after `models scan --prune`: none of the retired ids is written, and the
    // built-in list (no models.mode "replace", no allowlist) still brings them in.
    const { env, lines, reports, sdk } = await start({
      editConfig: (config) => {
        const models = config.models as { mode?: string; providers: Record<string, unknown> };
        delete models.mode;
        const moonshot = models.providers.moonshot as { models: { id: string }[] };
        moonshot.models = moonshot.models.filter(
          (model) => !RETIRED_REFS.includes(`moonshot/${model.id}`),
        );
        const defaults = (config.agents as { defaults: Record<string, unknown> }).defaults;
        delete defaults.models;
      },
    });
    const prefix = stateDirWords(env);
    await discoveries(reports, 2);
    const said = lines.filter((line) => line.includes("not in the models your key can use"));
    expect(said).toHaveLength(1);
    for (const ref of RETIRED_REFS) expect(said[0]).toContain(ref);
    expect(said[0]).toContain(
      `see what the key may use with: ${prefix}openclaw models scan --provider moonshot;`,
    );
    expect(said[0]).toContain(
      "these are in openclaw's built-in model list, not in the config, so a prune does not remove them",
    );
    expect(said[0]).not.toContain("--prune");

    // Asked for directly, the 404 says the same.
    const gone = await refusal(() => sdk.models.retrieve("moonshot/kimi-k2-thinking"));
    expect(gone.status).toBe(404);
    expect(gone.message).toContain(
      "moonshot/kimi-k2-thinking is in openclaw's built-in model list",
    );
    expect(gone.message).not.toContain("--prune");
  });

  it("written in the config and the default model, say to change the default before the prune, which refuses to run until then", async () => {
    const { env, lines, reports } = await start({ primary: "moonshot/kimi-k2-thinking" });
    const prefix = stateDirWords(env);
    await discoveries(reports, 2);
    const said = lines.filter((line) => line.includes("not in the models your key can use"));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(
      `hint: see what the key may use with: ${prefix}openclaw models scan --provider moonshot; moonshot/kimi-k2-thinking is the default model, so a prune would be refused: first choose another with: ${prefix}openclaw models set <model>; then take the models it no longer lists out of the config with: ${prefix}openclaw models scan --provider moonshot --prune`,
    );
  });

  it("in the default chain, are told to be changed there: an allowlist leaves the default model and its fallbacks in", async () => {
    // Retired ids written nowhere but as the default and a fallback, with an allowlist of the
    // models the provider serves (as onboarding writes it).
    const { env, lines, reports } = await start({
      primary: "moonshot/kimi-k2-thinking",
      fallbacks: ["moonshot/kimi-k2-turbo-preview", "kimi-code/kimi-for-coding"],
      editConfig: (config) => {
        const models = config.models as { mode?: string; providers: Record<string, unknown> };
        delete models.mode;
        const moonshot = models.providers.moonshot as { models: { id: string }[] };
        moonshot.models = moonshot.models.filter(
          (model) => !RETIRED_REFS.includes(`moonshot/${model.id}`),
        );
        const defaults = (config.agents as { defaults: Record<string, unknown> }).defaults;
        defaults.models = { "moonshot/kimi-k2.5": {}, "kimi-code/kimi-for-coding": {} };
      },
    });
    const prefix = stateDirWords(env);
    await discoveries(reports, 2);
    const said = lines.filter((line) => line.includes("not in the models your key can use"));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(
      `moonshot/kimi-k2-thinking is the default model (in openclaw's built-in model list, not in the config), which neither a prune nor an allowlist leaves out: choose another with: ${prefix}openclaw models set <model>`,
    );
    expect(said[0]).toContain(
      `moonshot/kimi-k2-turbo-preview is fallback #1 (in openclaw's built-in model list, not in the config), which neither a prune nor an allowlist leaves out: take it out with: ${prefix}openclaw models fallbacks remove moonshot/kimi-k2-turbo-preview`,
    );
    expect(said[0]).not.toContain("leaves the built-in models out");
  });
});

describe("a provider whose GET /models cannot be read", () => {
  it("keeps its models listed, says why once, and a reload with a working key applies its list", async () => {
    const { env, lines, reports, sdk } = await start({
      editConfig: (config) => {
        const providers = (config.models as { providers: Record<string, { apiKey: string }> })
          .providers;
        (providers.moonshot as { apiKey: string }).apiKey = "sk-not-a-key-the-simulator-takes";
      },
    });
    await discoveries(reports, 2);
    const moonshot = reports.find((report) => report.provider === "moonshot");
    expect(moonshot).toMatchObject({ ok: false, listed: [], notServed: [] });
    expect(moonshot?.error).toContain("401");
    const failed = lines.filter((line) =>
      line.includes("could not read the models moonshot serves"),
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]).not.toContain("sk-not-a-key");
    // A 401 there is the key its chat requests send too: said, with where to look, in a command
    // that reads the gateway's state dir (doctor in a plain shell would probe another config's key).
    expect(failed[0]).toContain(
      `\n  hint: moonshot refused its API key, so its requests fail too until the key is replaced; see which key it uses and where that key works with: ${stateDirWords(env)}openclaw doctor --probe`,
    );
    // Unchanged: the configured ids are all offered.
    const ids = await listedIds(sdk);
    for (const ref of RETIRED_REFS) expect(ids).toContain(ref);

    // A reload that changes nothing about the provider does not ask again.
    const asked = () => env.sim.requests.filter((request) => request.path === "/v1/models");
    const askedBefore = asked().length;
    expect(env.gateway.reload()).toBe(true);
    expect(asked().length).toBe(askedBefore);

    // The key fixed: asked again, and its list applies.
    writeFileSync(env.configPath, JSON.stringify(simConfig(env.sim)));
    expect(env.gateway.reload()).toBe(true);
    await discoveries(reports, 3);
    expect(reports.at(-1)).toMatchObject({
      provider: "moonshot",
      ok: true,
      notServed: RETIRED_REFS,
    });
    const after = await listedIds(sdk);
    for (const ref of RETIRED_REFS) expect(after).not.toContain(ref);
    expect(after).toContain("moonshot/kimi-k2.5");
  });

  // No command reads a program's config object or the env it was given: the line says the fix a
  // request's error gives. Before, it sent the reader to `openclaw doctor --probe`, which probes
  // the shell's own config and keys.
  it("from a program's config object, says where the program put the refused key", async () => {
    const sim = await startSimulator({});
    const stateDir = mkdtempSync(join(tmpdir(), "openclaw-gw-"));
    const lines: string[] = [];
    const reports: DiscoveryReport[] = [];
    // The key written in the object the program passes.
    const config = simConfig(sim);
    config.models.providers.moonshot.apiKey = "sk-fake-test-key-0001";
    const { MOONSHOT_API_KEY: _, ...env } = gatewayEnv(stateDir, sim.keys);
    const gateway = await startGateway({
      config,
      env,
      port: 0,
      transports: await defaultTransports(),
      log: (line) => lines.push(line),
      onDiscovery: (report) => reports.push(report),
    });
    onTestFinished(async () => {
      await gateway.close(2000);
      await sim.close();
      rmSync(stateDir, { recursive: true, force: true });
    });
    await discoveries(reports, 2);
    const failed = lines.filter((line) =>
      line.includes("could not read the models moonshot serves"),
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain(
      "\n  hint: moonshot refused its API key, so its requests fail too until the key is replaced; put the right key in the config object startGateway is given, at models.providers.moonshot.apiKey (read when startGateway is called: call it again with the new one)",
    );
    expect(failed[0]).not.toContain("doctor");
    expect(failed[0]).not.toContain("sk-fake-test-key-0001");

    // A program's own key lookup: the key is that function's to fix.
    const ownLines: string[] = [];
    const ownReports: DiscoveryReport[] = [];
    const own = await startGateway({
      config: simConfig(sim),
      env,
      port: 0,
      transports: await defaultTransports(),
      resolveKey: (model) =>
        model.provider === "moonshot"
          ? toResolvedKey("sk-fake-test-key-0001", {
              kind: "config",
              path: "models.providers.moonshot.apiKey",
              template: "sk-fake-test-key-0001",
              variables: [],
            })
          : undefined,
      log: (line) => ownLines.push(line),
      onDiscovery: (report) => ownReports.push(report),
    });
    onTestFinished(async () => {
      await own.close(2000);
    });
    await discoveries(ownReports, 1);
    const ownFailed = ownLines.filter((line) =>
      line.includes("could not read the models moonshot serves"),
    );
    expect(ownFailed).toHaveLength(1);
    expect(ownFailed[0]).toContain(
      "so its requests fail too until the key is replaced; the key came from the resolveKey function given to startGateway",
    );
    expect(ownFailed[0]).not.toContain("doctor");
  });
});

describe("openclaw gateway --json (built CLI: npm run build first)", () => {
  it("reports each provider's discovery as one models_discovered event", async () => {
    const sim = await startSimulator({ serveRetiredModels: false });
    const dir = mkdtempSync(join(tmpdir(), "openclaw-discovery-"));
    try {
      writeFileSync(join(dir, "openclaw.json"), JSON.stringify(simConfig(sim)));
      const cli = spawnGateway(gatewayEnv(dir, sim.keys), ["--json"]);
      type Event = { event: string; [field: string]: unknown };
      const discovered = (): Event[] =>
        cli
          .stdout()
          .split("\n")
          .filter((line) => line.includes('"models_discovered"'))
          .map((line) => JSON.parse(line) as Event);
      await eventually(() => discovered().length === 2, 15_000, "two models_discovered events");
      const byProvider = Object.fromEntries(discovered().map((event) => [event.provider, event]));
      expect(byProvider.moonshot).toMatchObject({
        ok: true,
        notServed: RETIRED_REFS,
        error: null,
      });
      expect(byProvider.moonshot?.listed).toContain("kimi-k3");
      expect(byProvider["kimi-code"]).toMatchObject({
        ok: true,
        listed: ["kimi-for-coding"],
        notServed: [],
        error: null,
      });
      // Keys never appear in the events.
      expect(cli.stdout()).not.toContain(sim.keys.moonshot);
      cli.child.kill("SIGTERM");
      expect(await cli.exited).toBe(0);
    } finally {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
