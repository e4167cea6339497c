/**
 * `openclaw agent` end to end: the built CLI (`npm run build` first) against the simulator, with
 * a temp state dir whose openclaw.json points the providers at it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

function parse(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe("openclaw agent", () => {
  it("streams the answer on stdout and usage/cost on stderr", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([
      {
        respond: {
          reply: { text: "Bonjour, humain.", usage: { promptTokens: 1000, completionTokens: 100 } },
        },
      },
    ]);
    const result = await runCli(["agent", "-m", "say hello"], { env: cliEnv });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("Bonjour, humain.\n");
    expect(result.stderr).toMatch(/moonshot\/kimi-k2\.5/);
    expect(result.stderr).toMatch(/1,000 in, 100 out/);
    expect(result.stderr).toMatch(/cost \$0\.00085/);
  });

  it("--json prints costs without floating-point noise", async () => {
    const { sim, cliEnv } = await setup();
    // 800 tokens at $0.60 per million: computed in floating point it is 0.00047999999999999996.
    sim.script([
      { respond: { reply: { text: "ok", usage: { promptTokens: 800, completionTokens: 0 } } } },
    ]);
    const result = await runCli(["agent", "-m", "hi", "--json"], { env: cliEnv });
    expect(result.code).toBe(0);
    const cost = parse(result.stdout).cost as Record<string, number>;
    expect(cost.input).toBe(0.00048);
    // Latency in whole milliseconds, not a monotonic clock's 22.175048828125.
    expect(Number.isInteger(parse(result.stdout).latencyMs)).toBe(true);
    // No long runs of digits in any number (the session id, a random UUID, can hold 12 digits in
    // a row: left out of the look).
    expect(result.stdout.replace(/"sessionId": "[^"]*"/, "")).not.toMatch(/\d{12,}/);
  });

  it.each([
    [
      "what it sent differently from what was asked, and why",
      ["--model", "moonshot/kimi-k2-turbo-preview", "--thinking", "high"],
      [
        'thinking "high" not sent: moonshot/kimi-k2-turbo-preview is not a reasoning model in the config, so the model decides (kimi-k2.5 and later think by default; thinking "off" stops it; reasoning: true on it sends thinking on)',
      ],
    ],
    [
      "that Moonshot's thinking switch has only on and off",
      ["--model", "moonshot/kimi-k2-thinking", "--thinking", "low"],
      [
        'thinking "low" sent as on: Moonshot\'s thinking switch has only on and off (moonshot/kimi-k2-thinking picks its own depth)',
      ],
    ],
    [
      "that a model refused --thinking off, and answers anyway",
      ["--model", "moonshot/kimi-k2-thinking", "--thinking", "off"],
      [
        'moonshot/kimi-k2-thinking refused thinking "off": sent again without it, the model decides',
        "hint: leave --thinking out for this model",
      ],
    ],
  ])("says on stderr %s", async (_what, flags, notes) => {
    const { cliEnv } = await setup();
    const result = await runCli(["agent", "-m", "hi", ...flags], { env: cliEnv });
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(0);
    for (const note of notes) expect(result.stderr).toContain(note);
  });

  it("--web-search lets Moonshot search the web, says so on stderr and in --json", async () => {
    const { sim, cliEnv } = await setup();
    const plain = await runCli(["agent", "-m", "What launched today?", "--web-search"], {
      env: cliEnv,
    });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe("Echo: What launched today? (searched the web)\n");
    expect(plain.stderr).toMatch(/searched the web \(1,500 tokens of results\)/);
    expect(plain.stderr).toMatch(/· 1 web search ·/);

    const json = await runCli(["agent", "-m", "And yesterday?", "--web-search", "--json"], {
      env: cliEnv,
    });
    const out = parse(json.stdout);
    expect(out.text).toBe("Echo: And yesterday? (searched the web)");
    expect(out.webSearches).toEqual([{ callId: expect.any(String), tokens: 1500 }]);
    expect(out.pendingToolCalls).toBeUndefined();
    // Four requests for two answers: each searched, then answered.
    expect(sim.chatRequests()).toHaveLength(4);
  });

  it("--web-search on a model that always thinks blames the search, not a --thinking never given", async () => {
    const { cliEnv } = await setup();
    const result = await runCli(
      [
        "agent",
        "-m",
        "What launched today?",
        "--web-search",
        "--model",
        "moonshot/kimi-k2-thinking",
      ],
      { env: cliEnv },
    );
    expect(result.stderr).toContain(
      'moonshot/kimi-k2-thinking refused thinking "off": sent again without it, the model decides\n  hint: web search turns thinking off, and this model always thinks',
    );
    expect(result.stderr).not.toContain("leave --thinking out");
  });

  it("says the provider reported no usage instead of showing zeros", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([
      { respond: { reply: { text: "no counts here" }, stream: { usageIn: "none" } }, times: 2 },
    ]);
    const plain = await runCli(["agent", "-m", "hi"], { env: cliEnv });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain("usage not reported by the provider");
    expect(plain.stderr).not.toMatch(/0 in, 0 out/);
    const json = await runCli(["agent", "-m", "hi", "--json"], { env: cliEnv });
    expect(parse(json.stdout).usageReported).toBe("none");
  });

  it("--json says which fallback answered when the primary keeps failing", async () => {
    const { sim, cliEnv } = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { error: "server" },
        times: Number.POSITIVE_INFINITY,
      },
      { when: { model: "kimi-for-coding" }, respond: { reply: { text: "fallback here" } } },
    ]);
    const result = await runCli(["agent", "-m", "hi", "--json"], { env: cliEnv });
    expect(result.code).toBe(0);
    const out = parse(result.stdout);
    expect(out.ok).toBe(true);
    expect(out.text).toBe("fallback here");
    expect(out.model).toBe("kimi-code/kimi-for-coding");
    expect(out.fallback).toEqual({ from: "moonshot/kimi-k2.5", to: "kimi-code/kimi-for-coding" });
    const attempts = out.failedAttempts as { model: string; errorClass: string; status: number }[];
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    expect(
      attempts.every(
        (a) => a.model === "moonshot/kimi-k2.5" && a.errorClass === "server" && a.status === 500,
      ),
    ).toBe(true);
    expect(out.usage).toBeTruthy();
    expect(out.cost).toMatchObject({ total: expect.any(Number) });
    // No key in the output.
    expect(result.stdout).not.toContain(cliEnv.MOONSHOT_API_KEY);
    expect(result.stdout).not.toContain(cliEnv.KIMICODE_API_KEY);
  });

  it("--json lists a request refused for thinking off and answered once sent again as a correction, not a failed attempt", async () => {
    const { sim, cliEnv } = await setup();
    // kimi-k2-thinking refuses thinking off, and nothing in the config says so: it is learned.
    const result = await runCli(
      ["agent", "-m", "hi", "--json", "--model", "moonshot/kimi-k2-thinking", "--thinking", "off"],
      { env: cliEnv },
    );
    expect(result.code).toBe(0);
    const out = parse(result.stdout);
    expect(out.ok).toBe(true);
    expect(out.model).toBe("moonshot/kimi-k2-thinking");
    // Two requests, the second answered: the refusal was put right, nothing failed.
    expect(sim.chatRequests()).toHaveLength(2);
    expect(out.failedAttempts).toEqual([]);
    expect(out.corrections).toEqual([
      expect.objectContaining({
        model: "moonshot/kimi-k2-thinking",
        droppedThinking: "off",
        status: 400,
        message: expect.stringContaining("thinking"),
      }),
    ]);
    expect(out.fallback).toBeNull();
  });

  it("--thinking off to kimi-for-coding, which the built-in catalog says always thinks, sends one request without the switch and says so", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(
      ["agent", "-m", "hi", "--model", "kimi-code/kimi-for-coding", "--thinking", "off"],
      { env: cliEnv },
    );
    expect(result.code).toBe(0);
    // Not sent to be refused first: one request, no thinking object in it.
    expect(sim.chatRequests()).toHaveLength(1);
    expect(sim.chatRequests().map((r) => (r.body as { thinking?: unknown }).thinking)).toEqual([
      undefined,
    ]);
    expect(result.stderr.replace(/\n {2}/g, " ")).toContain(
      'thinking "off" not applied: kimi-code/kimi-for-coding always thinks (it refuses thinking off, its compat.alwaysThinks says), so it is sent without the thinking switch and thinks at its own depth',
    );
    expect(result.stderr).not.toContain("refused");
  });

  it("--web-search on kimi-for-coding alone fails before sending, saying why, where and what to do", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(
      [
        "agent",
        "-m",
        "What launched today?",
        "--web-search",
        "--model",
        "kimi-code/kimi-for-coding",
      ],
      { env: cliEnv },
    );
    expect(result.code).not.toBe(0);
    const stderr = result.stderr.replace(/\n {2}/g, " ");
    expect(stderr).toContain(
      "error: kimi-code/kimi-for-coding cannot search the web: it always thinks (it refuses thinking off, its compat.alwaysThinks says), and Moonshot's $web_search works only with thinking off, so the request was not sent",
    );
    expect(stderr).toContain(
      "hint: search with a model that can stop thinking, such as moonshot/kimi-k2.5, or ask kimi-code/kimi-for-coding without web search",
    );
    expect(sim.chatRequests()).toEqual([]);
  });

  it("reads the message from stdin with -m - and resumes a session with its tool calls", async () => {
    const { sim, cliEnv, stateDir } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    // A project directory of its own: the state directory is off limits to the tools.
    const work = tempDir("openclaw-work-");
    writeFileSync(path.join(work, "todo.txt"), "water the plants");
    sim.script([
      {
        respond: {
          reply: {
            reasoning: "Read it.",
            toolCalls: [{ name: "read_file", arguments: { path: "todo.txt" } }],
          },
        },
      },
      { respond: { reply: { reasoning: "Got it.", text: "You must water the plants." } } },
      { respond: { reply: { reasoning: "Recall.", text: "Plants, as said." } } },
    ]);
    const first = await runCli(
      ["agent", "-m", "-", "--tools", "--session-id", "chores", "--json"],
      {
        env: cliEnv,
        cwd: work,
        input: "what is on my todo list?",
      },
    );
    expect(first.code).toBe(0);
    const out = parse(first.stdout);
    expect(out.text).toBe("You must water the plants.");
    expect(out.toolRuns).toEqual([expect.objectContaining({ name: "read_file", isError: false })]);
    const toolResult = sim.chatRequests()[1]?.body as {
      messages: { role: string; content: unknown }[];
    };
    expect(toolResult.messages.at(-1)).toMatchObject({ role: "tool", content: "water the plants" });

    const second = await runCli(["agent", "-m", "and again?", "--session-id", "chores", "--json"], {
      env: cliEnv,
      cwd: work,
    });
    expect(second.code).toBe(0);
    const replay = sim.chatRequests()[2]?.body as { messages: Record<string, unknown>[] };
    const toolTurn = replay.messages.find((m) => m.role === "assistant" && m.tool_calls);
    expect(toolTurn?.reasoning_content).toBe("Read it.");
    expect(replay.messages.map((m) => m.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
      "user",
    ]);
    const lines = readFileSync(
      path.join(stateDir, "agents", "main", "sessions", "chores.jsonl"),
      "utf8",
    )
      .trim()
      .split("\n");
    expect(lines.every((line) => JSON.parse(line))).toBeTruthy();
    const usageLines = lines.map((line) => JSON.parse(line)).filter((e) => e.type === "usage");
    expect(usageLines.length).toBeGreaterThanOrEqual(2);
    expect(usageLines[0]).toMatchObject({ model: expect.stringContaining("kimi") });
    expect(typeof usageLines[0].cost.total).toBe("number");
  });

  it("sends the model's one allowed temperature in place of the configured one, and says so", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    const configPath = path.join(stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(configPath, "utf8")) as {
      agents: { defaults: { models: Record<string, Record<string, unknown>> } };
    };
    config.agents.defaults.models["moonshot/kimi-k2.5"] = {
      alias: "Kimi K2.5",
      params: { temperature: 0.7 },
    };
    writeFileSync(configPath, JSON.stringify(config));
    sim.script([{ respond: { reply: { text: "Fine." } } }]);
    const result = await runCli(["agent", "-m", "hi"], { env: cliEnv });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("Fine.\n");
    // kimi-k2.5 thinks unless told not to, and then takes only 1: known before any refusal.
    expect(result.stderr).toContain(
      "temperature 0.7 sent as 1: the only value moonshot/kimi-k2.5 takes while it thinks",
    );
    // Setting it to 1 would be wrong with --thinking off (0.6 then): the note says remove it.
    expect(result.stderr).toContain(
      'remove params.temperature from agents.defaults.models["moonshot/kimi-k2.5"] to leave it to the model',
    );
    expect(result.stderr).not.toMatch(/set .*params\.temperature to/);
    expect(
      sim.chatRequests().map((request) => (request.body as { temperature?: number }).temperature),
    ).toEqual([1]);
  });

  it("a quota error is reported once with a hint, exit 1, no retry", async () => {
    const { sim, cliEnv } = await setup();
    sim.failNext(1, "quota");
    const result = await runCli(["agent", "-m", "hi"], { env: cliEnv });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: /m);
    expect(result.stderr).toMatch(/^hint: /m);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(sim.chatRequests()).toHaveLength(1);
  });

  it("refuses an image for a text-only model before sending anything", async () => {
    const { sim, cliEnv, stateDir } = await setup();
    const png = path.join(stateDir, "pic.png");
    writeFileSync(png, Buffer.from("89504e470d0a1a0a", "hex"));
    const result = await runCli(
      ["agent", "-m", "what is it?", "--image", png, "--model", "moonshot/kimi-k2-turbo-preview"],
      { env: cliEnv },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/does not accept images/);
    expect(sim.chatRequests()).toHaveLength(0);
  });

  it("an unknown --model is a usage mistake (exit 2), with --json too, before anything is sent", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(["agent", "-m", "hi", "--model", "nope/x"], { env: cliEnv });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown provider "nope"/m);
    const json = await runCli(["agent", "-m", "hi", "--model", "nope/x", "--json"], {
      env: cliEnv,
    });
    expect(json.code).toBe(2);
    expect(parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: "model.unknown_provider" },
    });
    expect(sim.chatRequests()).toHaveLength(0);
  });

  it("rejects a bad --thinking value as a usage error and has examples in --help", async () => {
    const bad = await runCli(["agent", "-m", "hi", "--thinking", "loud"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--thinking must be one of/);
    // Every refused value comes with an example of one that works.
    for (const flags of [
      ["--max-rounds", "0"],
      ["--timeout", "-1"],
    ]) {
      const refused = await runCli(["agent", "-m", "hi", ...flags]);
      expect(refused.code, flags.join(" ")).toBe(2);
      expect(refused.stderr).toMatch(
        new RegExp(`^hint: example: openclaw agent .*${flags[0]} `, "m"),
      );
    }
    // A limit on tool rounds for a run without tools would limit nothing: refused, not ignored.
    const noTools = await runCli(["agent", "-m", "hi", "--max-rounds", "3"]);
    expect(noTools.code).toBe(2);
    expect(noTools.stderr).toMatch(
      /^error: --max-rounds limits the model calls of a run with tools, and this run has none: add --tools/m,
    );
    const help = await runCli(["agent", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    const chatHelp = await runCli(["chat", "--help"]);
    expect(chatHelp.stdout).toMatch(/Examples:/);
  });

  it("--timeout gives up on a model that never answers, with a clear error", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { hang: true }, times: Number.POSITIVE_INFINITY }]);
    const result = await runCli(["agent", "-m", "hi", "--timeout", "0.4", "--json"], {
      env: cliEnv,
    });
    expect(result.code).toBe(1);
    const out = parse(result.stdout);
    expect(out.ok).toBe(false);
    expect(out.error).toMatchObject({ class: "timeout" });
    expect((out.error as { message: string }).message).toMatch(/0?400 ms/);
    expect(result.stderr).toBe("");
  });

  it("--timeout 0 is no limit, as 0 is in gateway.timeouts", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { firstByteDelayMs: 300 } }]);
    const result = await runCli(["agent", "-m", "hi", "--timeout", "0", "--json"], {
      env: cliEnv,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(parse(result.stdout).ok).toBe(true);
    expect(sim.chatRequests()).toHaveLength(1);
  });

  it("--timeout is a deadline for the whole call, retries included", async () => {
    const { sim, cliEnv } = await setup();
    // The simulator never answers, so the command returns at all only if its own deadline fired:
    // no stopwatch needed (the machines are shared; a time bound here failed on a loaded one).
    sim.script([{ respond: { hang: true }, times: Number.POSITIVE_INFINITY }]);
    const result = await runCli(["agent", "-m", "hi", "--timeout", "1.5"], { env: cliEnv });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /moonshot\/kimi-k2\.5 within 1500 ms \(the whole call, retries included\)/,
    );
    expect(result.stderr).toMatch(/hint: raise --timeout/);
    // Per attempt it was three tries of 1.5 s each; as a deadline, one or two tries.
    expect(sim.chatRequests().length).toBeGreaterThanOrEqual(1);
    expect(sim.chatRequests().length).toBeLessThanOrEqual(2);
  });

  it('takes an alias named "default" as that alias, as the gateway does; without one, "default" names nothing', async () => {
    const { sim, cliEnv, stateDir } = await setup();
    const configPath = path.join(stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    config.agents.defaults.models["moonshot/kimi-k2-thinking"] = { alias: "Default" };
    writeFileSync(configPath, JSON.stringify(config));
    const aliased = await runCli(["agent", "-m", "hi", "--model", "default", "--json"], {
      env: cliEnv,
    });
    expect(aliased.code).toBe(0);
    expect(parse(aliased.stdout).model).toBe("moonshot/kimi-k2-thinking");
    const sent = sim.chatRequests().at(-1)?.body as { model?: string } | undefined;
    expect(sent?.model).toBe("kimi-k2-thinking");

    config.agents.defaults.models["moonshot/kimi-k2-thinking"] = {};
    writeFileSync(configPath, JSON.stringify(config));
    const unknown = await runCli(["agent", "-m", "hi", "--model", "default"], { env: cliEnv });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown model or alias "default"');
    expect(unknown.stderr).toContain(
      'hint: the default model (with its fallbacks) is what is used when no model is named, or the name "openclaw"',
    );
  });
});
