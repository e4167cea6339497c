/**
 * One MOONSHOT_API_KEY read by both Moonshot regions (`moonshot` and `moonshot-cn`, neither given a
 * key of its own). A key works in one region only: the start's discovery gets a 401 from the other
 * one. The gateway says once which platform the key belongs to, leaves the refusing region's models
 * out of /v1/models and still forwards a request naming one (which gets the region's own 401).
 * Real sockets: the built CLI's gateway and one simulator per region; no real host is reached
 * (each region's baseUrl is its simulator, and no Kimi Code key is set).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type GatewayProcess,
  gatewayEnv,
  killGatewayProcesses,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { eventually } from "../helpers/wait.js";

const TOKEN = "test-gateway-token-one-key-0001";
const regions = regionSimulators();
const dirs: string[] = [];
afterEach(() => {
  killGatewayProcesses();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Both regions merged over the built-ins with only their baseUrl: both read MOONSHOT_API_KEY. */
function configText(): string {
  return JSON.stringify({
    models: {
      providers: {
        moonshot: { baseUrl: regions.ai.moonshotBaseUrl },
        "moonshot-cn": { baseUrl: regions.cn.moonshotBaseUrl },
      },
    },
    gateway: { auth: { mode: "token", token: TOKEN } },
  });
}

/** The environment of the last gateway started, for a CLI command beside it. */
let lastEnv: Record<string, string> = {};
async function start(moonshotKey: string) {
  const dir = mkdtempSync(join(tmpdir(), "h14-s22-one-key-"));
  dirs.push(dir);
  writeFileSync(join(dir, "openclaw.json"), configText());
  const { KIMICODE_API_KEY: _unused, ...env } = gatewayEnv(dir, regions.ai.keys);
  lastEnv = {
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    ...regions.endpointEnv(),
    MOONSHOT_API_KEY: moonshotKey,
  };
  const gateway = await startGatewayProcess({ ...env, ...lastEnv });
  return gateway;
}

const output = (gateway: GatewayProcess) => gateway.stdout() + gateway.stderr();

async function listedIds(gateway: GatewayProcess): Promise<string[]> {
  const response = await fetch(`${gateway.url}/v1/models`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: { id: string }[] };
  return body.data.map((model) => model.id);
}

/** The refused region's line is said once the discovery has answered. */
async function regionLine(gateway: GatewayProcess): Promise<string> {
  await eventually(() => output(gateway).includes("MOONSHOT_API_KEY is"), 10_000, "the line");
  return output(gateway);
}

describe("one MOONSHOT_API_KEY, both Moonshot regions reading it", () => {
  it("an international key: says moonshot-cn refused it, and /v1/models lists moonshot only", async () => {
    const gateway = await start(regions.ai.keys.moonshot);
    const text = await regionLine(gateway);
    const aiHost = new URL(regions.ai.moonshotBaseUrl).host;
    const cnHost = new URL(regions.cn.moonshotBaseUrl).host;
    expect(text).toContain(
      `gateway: MOONSHOT_API_KEY is a key of the international platform (${aiHost}): moonshot-cn refused it (401), and its models are left out of /v1/models; requests naming them are still forwarded\n  hint: to use the China platform (${cnHost}) instead, run with a key made there: OPENCLAW_STATE_DIR=${lastEnv.OPENCLAW_STATE_DIR} openclaw onboard --auth-choice moonshot-api-key-cn`,
    );
    expect(text.split("MOONSHOT_API_KEY is a key").length - 1).toBe(1);
    expect(text).not.toContain("could not read the models moonshot-cn serves");
    expect(text).not.toContain(regions.ai.keys.moonshot);

    const ids = await listedIds(gateway);
    expect(ids).toContain("moonshot/kimi-k2.5");
    expect(ids.filter((id) => id.startsWith("moonshot-cn/"))).toEqual([]);

    // Still forwarded by its ref: the China simulator's 401, told as the runtime tells it (which
    // region the key works on), not the gateway's 404.
    const sdk = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const refused = await sdk.chat.completions
      .create({ model: "moonshot-cn/kimi-k2.5", messages: [{ role: "user", content: "hi" }] })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    const apiError = refused as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).not.toBe(404);
    expect(apiError.code).toBe("invalid_authentication_error");
    expect(apiError.message).toContain("the key works on Moonshot international");
    expect(regions.cn.chatRequests().length).toBeGreaterThan(0);

    // A client checking the id first is told why it is not listed.
    const one = await fetch(`${gateway.url}/v1/models/moonshot-cn%2Fkimi-k2.5`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(one.status).toBe(404);
    expect(await one.text()).toContain("moonshot-cn refused MOONSHOT_API_KEY (401)");
  });

  it("a reload that gives moonshot-cn its own key lists its models again", async () => {
    const gateway = await start(regions.ai.keys.moonshot);
    await regionLine(gateway);
    expect((await listedIds(gateway)).filter((id) => id.startsWith("moonshot-cn/"))).toEqual([]);
    // moonshot-cn's own key: an auth profile of its own, which wins over MOONSHOT_API_KEY.
    const agentDir = join(lastEnv.OPENCLAW_STATE_DIR ?? "", "agents", "main", "agent");
    mkdirSync(agentDir, { recursive: true });
    const profile = { type: "api_key", provider: "moonshot-cn", key: regions.cn.keys.moonshot };
    writeFileSync(
      join(agentDir, "auth-profiles.json"),
      JSON.stringify({ version: 1, profiles: { "moonshot-cn:default": profile } }),
      { mode: 0o600 },
    );
    // A store that did not exist at start is not watched: the config's save is the reload.
    writeFileSync(join(lastEnv.OPENCLAW_STATE_DIR ?? "", "openclaw.json"), `${configText()}\n`);
    await eventually(() => output(gateway).includes("config reloaded"), 10_000, "the reload");
    let ids: string[] = [];
    await eventually(
      async () => {
        ids = await listedIds(gateway);
        return ids.includes("moonshot-cn/kimi-k2.5");
      },
      10_000,
      "moonshot-cn's models back in /v1/models",
    );
    expect(ids).toContain("moonshot/kimi-k2.5");
    expect(output(gateway).split("MOONSHOT_API_KEY is a key").length - 1).toBe(1);
  });

  it("a China key: says moonshot refused it, and /v1/models lists moonshot-cn only", async () => {
    const gateway = await start(regions.cn.keys.moonshot);
    const text = await regionLine(gateway);
    const cnHost = new URL(regions.cn.moonshotBaseUrl).host;
    expect(text).toContain(
      `gateway: MOONSHOT_API_KEY is a key of the China platform (${cnHost}): moonshot refused it (401)`,
    );
    expect(text).toContain(
      `instead, run with a key made there: OPENCLAW_STATE_DIR=${lastEnv.OPENCLAW_STATE_DIR} openclaw onboard --auth-choice moonshot-api-key\n`,
    );
    const ids = await listedIds(gateway);
    expect(ids).toContain("moonshot-cn/kimi-k2.5");
    expect(ids.filter((id) => id.startsWith("moonshot/"))).toEqual([]);
  });

  it("a key neither region accepts: says both refused it, and lists both as configured", async () => {
    const gateway = await start("sk-test-moonshot-nowhere-0001");
    const text = await regionLine(gateway);
    const aiHost = new URL(regions.ai.moonshotBaseUrl).host;
    const cnHost = new URL(regions.cn.moonshotBaseUrl).host;
    expect(text).toContain(
      `gateway: MOONSHOT_API_KEY is refused by both moonshot (${aiHost}), moonshot-cn (${cnHost}) (401): no request with it can be answered`,
    );
    expect(text).not.toContain("could not read the models");
    expect(text).not.toContain("sk-test-moonshot-nowhere-0001");
    const ids = await listedIds(gateway);
    expect(ids).toContain("moonshot/kimi-k2.5");
    expect(ids).toContain("moonshot-cn/kimi-k2.5");
  });
});
