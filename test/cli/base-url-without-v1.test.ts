/**
 * A base URL the API is not under (Moonshot's without its /v1, Kimi Code's /coding root, which
 * is its Anthropic-compatible API): `models scan` and `doctor --probe` name the address to set,
 * where before they said the key could not be verified ("try again later") and sent the person
 * to check the keys. Built CLI, simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardCustom } from "../helpers/custom-provider.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { freshState } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

function stateWithoutV1() {
  const state = freshState({ NO_COLOR: "1", COLUMNS: "400" });
  writeFileSync(
    state.configPath,
    JSON.stringify({
      env: { MOONSHOT_API_KEY: sim.keys.moonshot, KIMICODE_API_KEY: sim.keys.kimiCode },
      agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
      models: {
        mode: "merge",
        providers: {
          moonshot: {
            baseUrl: sim.url,
            apiKey: "${MOONSHOT_API_KEY}",
            api: "openai-completions",
            models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
          },
          "kimi-code": {
            baseUrl: `${sim.url}/coding/`,
            apiKey: "${KIMICODE_API_KEY}",
            api: "openai-completions",
            models: [
              {
                id: "kimi-for-coding",
                name: "Kimi For Coding",
                headers: { "User-Agent": "KimiCLI/0.77" },
              },
            ],
          },
        },
      },
    }),
  );
  return state;
}

describe("a base URL without /v1", () => {
  it("is named with the address to set by models scan and doctor --probe", async () => {
    const state = stateWithoutV1();
    const moonshotFix = `models.providers.moonshot.baseUrl is ${sim.url}, where no API answers: set it to ${sim.url}/v1`;
    const kimiFix = `models.providers.kimi-code.baseUrl is ${sim.url}/coding, where no API answers: set it to ${sim.url}/coding/v1`;

    const scan = await state.run(["models", "scan"]);
    expect(scan.code).toBe(1);
    const scanned = `${scan.stdout}${scan.stderr}`;
    expect(scanned).toContain(moonshotFix);
    expect(scanned).toContain(kimiFix);
    expect(scanned).not.toContain("check the keys");

    const doctor = await state.run(["doctor", "--probe"]);
    const probed = `${doctor.stdout}${doctor.stderr}`;
    expect(probed).toContain(moonshotFix);
    expect(probed).toContain(kimiFix);
    expect(probed).not.toContain("try again later");
  });

  it("is marked in agent --json's error, so a program tells a base URL to fix from a model", async () => {
    const state = stateWithoutV1();
    const agent = await state.run(["agent", "--message", "hi", "--json"]);
    expect(agent.code).not.toBe(0);
    const error = (JSON.parse(agent.stdout) as { error: Record<string, unknown> }).error;
    expect(error).toMatchObject({ code: "provider.not_found", noApiAtBaseUrl: true });
    expect(error.where).toBe(`${state.configPath}:1`);
  });
});

describe("a primary without /v1 whose fallback answers", () => {
  it("names the setting to fix and its file:line in the fallback line", async () => {
    const state = stateWithoutV1();
    const config = JSON.parse(readFileSync(state.configPath, "utf8"));
    config.agents.defaults.model.fallbacks = ["kimi-code/kimi-for-coding"];
    config.models.providers["kimi-code"].baseUrl = `${sim.url}/coding/v1`;
    writeFileSync(state.configPath, JSON.stringify(config));
    const agent = await state.run(["agent", "--message", "hi"]);
    expect(agent.code).toBe(0);
    expect(agent.stderr).toContain(
      "falling back from moonshot/kimi-k2.5 to kimi-code/kimi-for-coding: moonshot (127.0.0.1",
    );
    expect(agent.stderr).toContain(
      `hint: models.providers.moonshot.baseUrl (${state.configPath}:1) is ${sim.url}, where no API answers: set it to ${sim.url}/v1`,
    );
  });
});

describe("a base URL without /v1 given to onboard", () => {
  it("is named with the address to give instead, and no config command for a provider not yet written", async () => {
    const state = freshState({ NO_COLOR: "1", COLUMNS: "400" });
    const onboard = await state.run(
      onboardCustom(sim.url, "kimi-k2.5", "--custom-api-key", sim.keys.moonshot),
    );
    const said = `${onboard.stdout}${onboard.stderr}`;
    expect(said).toContain(`is ${sim.url}, where no API answers: set it to ${sim.url}/v1`);
    expect(said).not.toContain("<provider>");
    expect(said).not.toContain("try again later");
  });
});

describe("a provider whose API lists no models (no GET /models, as Perplexity's)", () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    // Chat at <root>/chat/completions, and FastAPI's 404 for any other path.
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (req.method === "POST" && req.url === "/chat/completions") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              id: "chatcmpl-1",
              object: "chat.completion",
              created: 1,
              model: "sonar",
              choices: [
                {
                  index: 0,
                  message: { role: "assistant", content: "pong" },
                  finish_reason: "stop",
                },
              ],
              usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
            }),
          );
          return;
        }
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ detail: "Not Found" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it("is not said to have no API at an address that answers its requests", async () => {
    const state = freshState({ NO_COLOR: "1", COLUMNS: "400" });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: { primary: "pplx/sonar" } } },
        models: {
          mode: "merge",
          providers: {
            pplx: customProvider([{ id: "sonar", name: "Sonar" }], {
              baseUrl,
              apiKey: "pplx-0123456789abcdef0123456789abcdef",
            }),
          },
        },
      }),
    );
    // The address is right: a request is answered.
    const agent = await state.run(["agent", "--message", "ping"]);
    expect(agent.stdout).toContain("pong");

    const doctor = await state.run(["doctor", "--probe"]);
    const probed = `${doctor.stdout}${doctor.stderr}`;
    expect(probed).toContain(`models.providers.pplx.baseUrl is ${baseUrl}, which lists no models`);
    expect(probed).toContain("if its requests fail with a 404 too");
    expect(probed).not.toContain("where no API answers");
  });
});
