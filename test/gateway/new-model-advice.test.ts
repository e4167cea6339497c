/**
 * A model id the gateway does not have, asked for bare (`kimi-k9`): the 404 gave close matches
 * only, while the CLI's answer to the same name (`openclaw models set kimi-k9`) adds "if it is a
 * new model of moonshot, add it …" with the command that adds it. The 404 now says that too, in
 * the CLI's words, with the words that reach this gateway's config; a ref of a provider that does
 * not exist gets no such advice. The official `openai` client, real sockets, the simulator: its
 * first `GET /v1/models` (the gateway's own, at start) fails, as a new model's release can come
 * after the gateway asked, and it lists kimi-k9 when the printed command asks. The command is run
 * by /bin/sh as a person pastes it, and the watched gateway then serves the model. A display name
 * (`Kimi K2.6`), which no id could be, keeps its close matches without that advice.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscoveryReport } from "../../src/gateway/model-discovery.js";
import { type RunningGateway, startGateway } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";
import { CURRENT_SIM_MODELS, type Simulator, startSimulator } from "../simulator/index.js";

const NEW_MODEL = "kimi-k9";

let sim: Simulator;
let gateway: RunningGateway;
let client: OpenAI;
let stateDir: string;
beforeAll(async () => {
  const [k25] = CURRENT_SIM_MODELS;
  sim = await startSimulator({
    models: [...CURRENT_SIM_MODELS, { ...k25!, id: NEW_MODEL }],
  });
  // The gateway's own GET /models at start is refused: it cannot know of kimi-k9.
  sim.script([{ when: { path: "/v1/models" }, respond: { error: "server" }, times: 1 }]);
  // Kept for the whole file (a tempDir goes after each test): the second test's command edits it.
  stateDir = mkdtempSync(join(tmpdir(), "new-model-"));
  const config = simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2.5");
  writeFileSync(join(stateDir, "openclaw.json"), `${JSON.stringify(config)}\n`);
  const reports: DiscoveryReport[] = [];
  gateway = await startGateway({
    port: 0,
    watch: true,
    env: { PATH: process.env.PATH, HOME: stateDir, OPENCLAW_STATE_DIR: stateDir, NO_COLOR: "1" },
    log: () => {},
    onDiscovery: (report) => reports.push(report),
  });
  await eventually(() => reports.length > 0, 5000, "moonshot's GET /models");
  expect(reports[0]?.ok).toBe(false);
  // The config asks for no gateway token.
  client = new OpenAI({ apiKey: "unused", baseURL: `${gateway.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close(0);
  await sim?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

async function chat(model: string): Promise<unknown> {
  return client.chat.completions
    .create({ model, messages: [{ role: "user", content: "hi" }] })
    .catch((caught: unknown) => caught);
}

async function notFoundMessage(model: string): Promise<string> {
  const answer = await chat(model);
  expect(answer).toBeInstanceOf(OpenAI.NotFoundError);
  return (answer as InstanceType<typeof OpenAI.NotFoundError>).message;
}

describe("a model id the gateway does not have", () => {
  it("a ref of a provider that does not exist is not called a new model of it", async () => {
    for (const model of ["moonshoot/kimi-k9", "nosuch/kimi-k9"]) {
      const message = await notFoundMessage(model);
      expect(message).toContain(`model "${model}"`);
      expect(message).not.toContain("is a new model of");
      expect(message).not.toContain("models scan");
    }
  });

  it('a display name ("Kimi K2.6") keeps its close matches and is not called a new model', async () => {
    // It was told 'if "Kimi K2.6" is a new model of moonshot, add it under
    // models.providers.moonshot.models', which would add that display name as an id.
    const message = await notFoundMessage("Kimi K2.6");
    expect(message).toContain('model "Kimi K2.6"');
    expect(message).toContain("close matches: moonshot/kimi-k2.5");
    expect(message).not.toContain("is a new model of");
    expect(message).not.toContain("models scan");
  });

  it("bare, is told what the CLI tells of it, in the same words", async () => {
    const cli = await runCli(["models", "set", NEW_MODEL], {
      env: { OPENCLAW_STATE_DIR: stateDir, HOME: stateDir, COLUMNS: "400" },
    });
    expect(cli.code).toBe(2);
    const advice = `if "${NEW_MODEL}" is a new model of moonshot, add it under models.providers.moonshot.models, or run: `;
    expect(cli.stderr).toContain(`${advice}openclaw models scan --provider moonshot --add`);
    expect(await notFoundMessage(NEW_MODEL)).toContain(
      `${advice}OPENCLAW_STATE_DIR=${stateDir} openclaw models scan --provider moonshot --add`,
    );
  });

  it("is told, as the CLI tells it, how to add it as a new model of moonshot; the command works", async () => {
    const message = await notFoundMessage(NEW_MODEL);
    const command = `OPENCLAW_STATE_DIR=${stateDir} openclaw models scan --provider moonshot --add`;
    expect(message).toBe(
      `404 model "${NEW_MODEL}" is not configured; GET /v1/models lists the models this gateway serves; if "${NEW_MODEL}" is a new model of moonshot, add it under models.providers.moonshot.models, or run: ${command}`,
    );

    // Pasted into another terminal, it adds the model to the config this gateway watches.
    const printed = /or run: (.+)$/.exec(message)?.[1];
    expect(printed).toBe(command);
    await runInPlainShell(printed as string, tempDir("new-model-home-"));
    await eventually(
      async () => !((await chat(NEW_MODEL)) instanceof Error),
      10_000,
      `${NEW_MODEL} served after the command`,
    );
  }, 30_000);
});
