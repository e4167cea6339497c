/**
 * `openclaw gateway` at start-up, with a default chain whose primary is left out (its provider's
 * baseUrl is broken) and whose fallbacks have no key: the line about the primary named a fallback
 * that "openclaw" goes to, which could not answer either. Now, when no member left has a key, the
 * start says that nothing in the chain can answer, each member and why, and what to fix first (the
 * words `agent` and `models status` use), text and --json alike; with a keyed member further down,
 * the line names only the members that answer. Built CLI, simulator, real sockets.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import { spawnGateway, startGatewayProcess } from "../helpers/gateway-process.js";
import { eventually } from "./harness.js";

const suite = useBuiltGatewaySuite();

/**
 * A state dir: moonshot (with a key) has a broken baseUrl on line 3; kimi-code has no key; the
 * chain, on line 9, is moonshot's model then kimi-code's, then `extra` (its own line 7 provider).
 */
function state(extra?: { key: string }) {
  const dir = suite.tempDir("openclaw-left-out-keyless-");
  const configPath = join(dir, "openclaw.json");
  const text = [
    "{ models: { mode: 'replace', providers: {",
    "  moonshot: { api: 'openai-completions', apiKey: 'sk-fake-abc-01',",
    "    baseUrl: 'not a url', models: [{ id: 'kimi-k2.5', name: 'Kimi K2.5' }] },",
    `  'kimi-code': { api: 'openai-completions', baseUrl: ${JSON.stringify(suite.sim.kimiCodeBaseUrl)},`,
    "    headers: { 'User-Agent': 'KimiCLI/0.77' }, models: [{ id: 'kimi-for-coding', name: 'K' }] },",
    `  spare: { api: 'openai-completions', baseUrl: ${JSON.stringify(suite.sim.moonshotBaseUrl)},`,
    `    ${extra ? `apiKey: ${JSON.stringify(extra.key)}, ` : ""}models: [{ id: 'kimi-k2.5', name: 'Spare' }] } } },`,
    "  agents: { defaults: { model: {",
    `    primary: 'moonshot/kimi-k2.5', fallbacks: ['kimi-code/kimi-for-coding'${extra ? ", 'spare/kimi-k2.5'" : ""}] } } },`,
    "  gateway: { auth: { mode: 'token', token: 'test-gateway-token-left-out-01' } } }",
    "",
  ].join("\n");
  writeFileSync(configPath, text);
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    NO_COLOR: "1",
    TZ: "UTC",
  };
  return { configPath, env };
}

const nothingAnswers = (configPath: string) =>
  `agents.defaults.model: nothing in the default chain can answer: moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:9) is left out: provider "moonshot" is not usable: models.providers.moonshot.baseUrl: expected an http(s) URL, found the string "not a url" (${configPath}:3); kimi-code/kimi-for-coding (agents.defaults.model.fallbacks[0], ${configPath}:9): no usable key for kimi-code`;

describe("gateway start-up with a primary left out and fallbacks without a key", () => {
  it("says nothing in the chain can answer and what to fix first, not that openclaw goes to a fallback", async () => {
    const { configPath, env } = state();
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger:"), 15_000, "the report");
    const err = cli.stderr();
    expect(err).toContain(`problem: ${nothingAnswers(configPath)}\n`);
    expect(err).toContain(
      `  hint: fix moonshot/kimi-k2.5 first, mend its provider at models.providers.moonshot.baseUrl (${configPath}:3): write the full URL, for example "https://api.moonshot.ai/v1". Or, for kimi-code/kimi-for-coding to answer instead, give it a key: run: OPENCLAW_STATE_DIR=`,
    );
    expect(err).not.toContain("is left out of the default chain");
  });

  it("--json's listening event has the same problem", async () => {
    const { configPath, env } = state();
    const cli = spawnGateway(env, ["--json"]);
    const listening = () =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { event: string; problems?: unknown[] })
        .find((event) => event.event === "listening");
    await eventually(() => listening() !== undefined, 15_000, "the listening event");
    const problems = (listening()?.problems ?? []) as Array<{ where: string; message: string }>;
    expect(problems.map((problem) => `${problem.where}: ${problem.message}`)).toContain(
      nothingAnswers(configPath),
    );
  });

  it("with a keyed member further down, names only that one as answering", async () => {
    const { configPath, env } = state({ key: "sk-test-moonshot-ai-0001" });
    const cli = await startGatewayProcess(env);
    await eventually(() => cli.stderr().includes("usage ledger:"), 15_000, "the report");
    expect(cli.stderr()).toContain(
      `problem: agents.defaults.model.primary: moonshot/kimi-k2.5 (${configPath}:9) is left out of the default chain, "openclaw" goes to spare/kimi-k2.5: provider "moonshot" is not usable`,
    );
    const answer = await fetch(`${cli.url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer test-gateway-token-left-out-01",
        "content-type": "application/json",
      },
      body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { model: string }).model).toBe("spare/kimi-k2.5");
  });
});
