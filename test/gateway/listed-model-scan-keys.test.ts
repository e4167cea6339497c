/**
 * A model its provider lists that the config lacks (kimi-k2.6 in the simulator's list): the 404
 * prints the `models scan --add` that adds it. For a gateway whose config file is not its state
 * dir's own (OPENCLAW_CONFIG_PATH elsewhere) and whose key is in the state dir's credential store,
 * the command must reach both: `models scan` asks the provider's GET /models with that key. Run by
 * /bin/sh as a person pastes it, with none of the test's variables; the watched gateway then
 * serves the model.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscoveryReport } from "../../src/gateway/model-discovery.js";
import {
  agentDir,
  type RunningGateway,
  startGateway,
  withApiKeyProfile,
  writeAuthStore,
} from "../../src/index.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";
import { MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const LISTED = "kimi-k2.6";

let sim: Simulator;
let gateway: RunningGateway;
let client: OpenAI;
let stateDir: string;
let configPath: string;
beforeAll(async () => {
  sim = await startSimulator({ serveRetiredModels: false });
  stateDir = tempDir("scan-keys-state-");
  configPath = join(tempDir("scan-keys-config-"), "openclaw.json");
  // The key where onboarding stores it, not in the config.
  writeAuthStore(
    agentDir(stateDir),
    withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", {
      key: MOONSHOT_KEY,
    }),
  );
  const config = {
    models: {
      mode: "merge",
      providers: { moonshot: { api: "openai-completions", baseUrl: sim.moonshotBaseUrl } },
    },
    agents: { defaults: { model: { primary: "moonshot/kimi-k2.5", fallbacks: [] } } },
    gateway: { auth: { mode: "none" }, ledger: { enabled: false } },
  };
  writeFileSync(configPath, `${JSON.stringify(config)}\n`);
  const reports: DiscoveryReport[] = [];
  gateway = await startGateway({
    port: 0,
    watch: true,
    env: {
      PATH: process.env.PATH,
      HOME: stateDir,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: configPath,
      NO_COLOR: "1",
    },
    log: () => {},
    onDiscovery: (report) => reports.push(report),
  });
  await eventually(
    () => reports.some((report) => report.provider === "moonshot" && report.ok),
    5000,
    "moonshot's GET /models",
  );
  client = new OpenAI({ apiKey: "unused", baseURL: `${gateway.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close(0);
  await sim?.close();
});

async function chat(model: string): Promise<unknown> {
  return client.chat.completions
    .create({ model, messages: [{ role: "user", content: "hi" }] })
    .catch((caught: unknown) => caught);
}

describe("the scan command of a model its provider lists", () => {
  it("names the state dir of the keys as well as the config file, and works pasted into a shell", async () => {
    const answer = await chat(`moonshot/${LISTED}`);
    expect(answer).toBeInstanceOf(OpenAI.NotFoundError);
    const message = (answer as Error).message;
    expect(message).toContain(`moonshot lists ${LISTED} among the models its key may use`);
    const printed = /reloads by itself, with: (.+)$/.exec(message)?.[1];
    expect(printed).toContain("openclaw models scan --provider moonshot --add");
    expect(printed).toContain(`OPENCLAW_STATE_DIR=${stateDir}`);
    expect(printed).toContain(`OPENCLAW_CONFIG_PATH=${configPath}`);

    await runInPlainShell(printed as string, tempDir("scan-keys-home-"));
    await eventually(
      async () => !((await chat(`moonshot/${LISTED}`)) instanceof Error),
      10_000,
      `${LISTED} served after the command`,
    );
  }, 30_000);
});
