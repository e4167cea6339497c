/**
 * A model the provider serves (its `GET /models` lists it) that the config does not have yet, as
 * a new release is until `openclaw models scan --add`: the 404 says which provider lists it and
 * what adds it, where it used to offer the closest configured names only. Real sockets, the
 * official `openai` and `@anthropic-ai/sdk` clients, the simulator (which lists kimi-k2.6, not in
 * the test config).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import type { DiscoveryReport } from "../../src/gateway/model-discovery.js";
import { startGateway } from "../../src/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { gatewayEnv } from "../helpers/gateway-process.js";
import { startSimulator } from "../simulator/index.js";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  simConfig,
  startGatewayEnv,
} from "./harness.js";

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.close();
});

/** A gateway over a config file, watched or not (startGateway's `watch`), once it has the lists. */
async function startDiscovered(watch = false) {
  const reports: DiscoveryReport[] = [];
  const env: GatewayEnv = await startGatewayEnv({
    sim: { serveRetiredModels: false },
    start: { log: () => {}, onDiscovery: (report) => reports.push(report), watch },
  });
  running.push(env);
  await eventually(() => reports.length >= 2, 5000, "both providers' GET /models");
  expect(reports.find((report) => report.provider === "moonshot")?.listed).toContain("kimi-k2.6");
  return env;
}

async function refusal(request: () => Promise<unknown>): Promise<unknown> {
  return request().then(
    () => undefined,
    (caught: unknown) => caught,
  );
}

const ADD = "openclaw models scan --provider moonshot --add";

describe("a model its provider lists but the config does not have", () => {
  it("is a 404 naming the provider that lists it and the command that adds it, on each route", async () => {
    const env = await startDiscovered();
    const sdk = env.client();

    for (const model of ["moonshot/kimi-k2.6", "KIMI-K2.6"]) {
      const error = await refusal(() =>
        sdk.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] }),
      );
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      const notFound = error as InstanceType<typeof OpenAI.NotFoundError>;
      expect(notFound.code).toBe("model_not_found");
      expect(notFound.param).toBe("model");
      expect(notFound.message).toContain(
        "moonshot lists kimi-k2.6 among the models its key may use",
      );
      expect(notFound.message).toContain(ADD);
    }

    const retrieved = await refusal(() => sdk.models.retrieve("moonshot/kimi-k2.6"));
    expect(retrieved).toBeInstanceOf(OpenAI.NotFoundError);
    expect((retrieved as Error).message).toContain(ADD);

    const messages = await refusal(() =>
      env.anthropic().messages.create({
        model: "moonshot/kimi-k2.6",
        max_tokens: 64,
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect(messages).toBeInstanceOf(Anthropic.NotFoundError);
    expect((messages as Error).message).toContain(ADD);
  });

  it("says when the model serves by how this gateway reads its config", async () => {
    const ask = (client: OpenAI) =>
      refusal(() =>
        client.chat.completions.create({
          model: "moonshot/kimi-k2.6",
          messages: [{ role: "user", content: "hi" }],
        }),
      ) as Promise<Error>;

    const watched = await startDiscovered(true);
    expect(watched.gateway.reloads).toBe(true);
    expect((await ask(watched.client())).message).toContain(
      // Its state dir is not a plain shell's: the command names it (gatewayEnv's OPENCLAW_STATE_DIR).
      `add it to the config, which the running gateway reloads by itself, with: OPENCLAW_STATE_DIR=${watched.stateDir} ${ADD}`,
    );

    const unwatched = await startDiscovered(false);
    const notWatched = (await ask(unwatched.client())).message;
    expect(notWatched).toContain(
      `add it to the config with: OPENCLAW_STATE_DIR=${unwatched.stateDir} ${ADD}; this gateway does not watch its config file (started with watch: false), so it serves the model after a restart (or its reload())`,
    );
    expect(notWatched).not.toContain("reloads by itself");

    // startGateway({ config }): no file, so no command that edits one.
    const sim = await startSimulator({ serveRetiredModels: false });
    const stateDir = mkdtempSync(join(tmpdir(), "openclaw-gw-"));
    const reports: DiscoveryReport[] = [];
    const gateway = await startGateway({
      config: simConfig(sim),
      env: gatewayEnv(stateDir, sim.keys),
      port: 0,
      transports: await defaultTransports(),
      log: () => {},
      onDiscovery: (report) => reports.push(report),
    });
    running.push({
      async close() {
        await gateway.close(2000);
        await sim.close();
        rmSync(stateDir, { recursive: true, force: true });
      },
    });
    await eventually(() => reports.length >= 2, 5000, "both providers' GET /models");
    const fromObject = (
      await ask(new OpenAI({ apiKey: GATEWAY_TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 }))
    ).message;
    expect(fromObject).toContain(
      'moonshot lists kimi-k2.6 among the models its key may use (GET /models); this gateway serves the config object it was started with (startGateway\'s config), which no file edit reaches: add {"id": "kimi-k2.6"} to models.providers.moonshot.models in that object and "moonshot/kimi-k2.6" to its allowlist, agents.defaults.models, and start a gateway with it',
    );
    expect(fromObject).not.toContain(ADD);
  });

  it("keeps the close matches for a name no provider lists", async () => {
    const env = await startDiscovered();
    const error = await refusal(() =>
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2.9",
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain("close matches: moonshot/kimi-k2.5");
    expect((error as Error).message).not.toContain("--add");
    // The CLI's advice for a new model, without the scan that would not add it: moonshot's list
    // was read, and it does not have the name.
    expect((error as Error).message).toContain(
      '; if "kimi-k2.9" is a new model of moonshot, add it under models.providers.moonshot.models once moonshot serves it (its GET /models does not list it now)',
    );
  });

  it("says to run the command on the gateway host when bound beyond loopback", async () => {
    const reports: DiscoveryReport[] = [];
    const env = await startGatewayEnv({
      sim: { serveRetiredModels: false },
      start: { log: () => {}, onDiscovery: (report) => reports.push(report), bind: "lan" },
    });
    running.push(env);
    await eventually(() => reports.length >= 2, 5000, "both providers' GET /models");
    const error = await refusal(() =>
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2.6",
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect((error as Error).message).toContain(`${ADD} on the gateway host`);
  });
});
