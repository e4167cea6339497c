/**
 * A stream that breaks after the answer began is told as what it is, the same way everywhere:
 * the provider was reached and the connection broke after N events of the answer, N being the
 * chunks the provider sent. The built CLI (`npm run build` first), the library and the gateway,
 * against the simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../src/providers/errors.js";
import { openRuntime } from "../../src/runtime/index.js";
import { runCli } from "../helpers/cli.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
afterEach(() => killGatewayProcesses());

const CUT = [{ respond: { cutAfterChunks: 4, reply: { text: "A long story about cats." } } }];
const BROKE =
  /moonshot \(127\.0\.0\.1:\d+\) was reached for model kimi-k2\.5, but the connection broke after 4 events of the answer/;

describe("a stream cut after the answer began", () => {
  it("agent says the provider was reached and the connection broke after 4 events, on stderr and in --json", async () => {
    const { sim, cliEnv } = await setup();
    sim.script(CUT);
    const plain = await runCli(["agent", "-m", "story", "--thinking", "off"], { env: cliEnv });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(BROKE);
    expect(plain.stderr).not.toMatch(/could not be reached/);
    expect(plain.stderr).toMatch(
      /^hint: ask again; what was received so far is shown above and kept in session \S+: openclaw agent -m "go on" --session-id \S+ continues it$/m,
    );

    sim.script(CUT);
    const json = await runCli(["agent", "-m", "story", "--thinking", "off", "--json"], {
      env: cliEnv,
    });
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as {
      error: { message: string };
      failedAttempts: { message: string }[];
    };
    expect(out.error.message).toMatch(BROKE);
    expect(out.failedAttempts[0]?.message).toMatch(BROKE);
    expect(json.stdout).not.toMatch(/could not be reached/);
  });

  it("a balance used up in the middle of the answer keeps its own hint (top up), not 'ask again', on stderr, in --json and for the library", async () => {
    const { sim, cliEnv, env } = await setup();
    const QUOTA = [
      { respond: { midStreamError: { afterChunks: 3, error: "quota" as const } }, times: 1 },
    ];
    sim.script(QUOTA);
    const plain = await runCli(
      ["agent", "-m", "tell me a long story please", "--thinking", "off"],
      {
        env: cliEnv,
      },
    );
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(
      /^hint: your account balance is used up: top up at .*; retrying before you top up will not help; what was received so far is shown above and kept in session \S+: openclaw agent -m "go on" --session-id \S+ continues it$/m,
    );
    expect(plain.stderr).not.toMatch(/ask again|so that no text is repeated/);

    sim.script(QUOTA);
    const json = await runCli(
      ["agent", "-m", "tell me a long story please", "--thinking", "off", "--json"],
      { env: cliEnv },
    );
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { error: { hint: string }; partial: boolean };
    expect(out.error.hint).toMatch(/top up at .*what was received so far is in the JSON's text/);
    expect(out.error.hint).not.toMatch(/ask again/);

    sim.script(QUOTA);
    const { runtime } = openRuntime({ env });
    const caught = await (async () => {
      for await (const _event of runtime.stream({
        model: "moonshot/kimi-k2.5",
        request: { messages: [{ role: "user", content: "story" }], thinking: "off" },
      })) {
        // The part before the cut.
      }
    })().catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(ProviderError);
    expect((caught as ProviderError).hint).toMatch(
      /^your account balance is used up: top up at .*will not help; what was received before the cut is partial$/,
    );
  });

  it("chat and the library word it the same way", async () => {
    const { sim, cliEnv, env } = await setup();
    sim.script(CUT);
    const chat = await runCli(["chat", "--thinking", "off"], { env: cliEnv, input: "story\n" });
    expect(chat.code).toBe(1);
    expect(chat.stderr).toMatch(BROKE);
    expect(chat.stderr).not.toMatch(/could not be reached/);

    sim.script(CUT);
    const { runtime } = openRuntime({ env });
    let caught: unknown;
    try {
      for await (const _event of runtime.stream({
        model: "moonshot/kimi-k2.5",
        request: { messages: [{ role: "user", content: "story" }], thinking: "off" },
      })) {
        // The part before the cut.
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect((caught as ProviderError).message).toMatch(BROKE);
    expect((caught as ProviderError).message).not.toMatch(/could not be reached/);
    // A library caller has no terminal: nothing is "shown above".
    expect((caught as ProviderError).hint).toBe(
      "ask again; what was received before the cut is partial",
    );
  });

  it("the gateway gives its client the same words and the same count as the CLI", async () => {
    const { sim, stateDir, cliEnv } = await setup();
    const file = path.join(stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    config.gateway = { auth: { mode: "none" }, ledger: { enabled: false } };
    writeFileSync(file, JSON.stringify(config));
    const gateway = await startGatewayProcess({ PATH: process.env.PATH, ...cliEnv });
    sim.script(CUT);
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        stream: true,
        thinking: { type: "disabled" },
        messages: [{ role: "user", content: "story" }],
      }),
    });
    const body = await response.text();
    const last = body.trim().split("\n\n").at(-1) ?? "";
    const error = (JSON.parse(last.replace(/^data: /, "")) as { error: { message: string } }).error;
    expect(error.message).toMatch(BROKE);
    expect(error.message).toMatch(/partial/);
    expect(error.message).not.toMatch(/could not be reached|shown above/);
  });
});
