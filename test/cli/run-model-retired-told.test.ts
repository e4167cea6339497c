/**
 * `openclaw chat --model <retired id>` and `openclaw agent --model <retired id>` (an id openclaw's
 * built-in list marks retired, as the Moonshot page's kimi-k2-thinking) said nothing at the start:
 * the first anyone heard of it was the 404 after the message was sent. So with a session resumed
 * on such a model, and with a default chain that holds one (a fallback, unwarned until it was
 * reached). Each now says so once at the start, on stderr (in agent --json, in the object's
 * `warnings`), in the words chat's /model and `models set` use, with the --model to give instead
 * or the edit that mends the chain and where the config writes the member; the run goes on (the
 * mark is openclaw's list: a proxy at the provider's baseUrl may still serve the id). The built
 * CLI (`npm run build` first) against the simulator, which serves the retired ids here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** The stderr lines that say a model is retired. */
function retiredLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.includes("retired"));
}

/** The models the simulator was asked for, in order. */
function asked(sim: { chatRequests(): { body: unknown }[] }): string[] {
  return sim.chatRequests().map((request) => (request.body as { model: string }).model);
}

/** The line of the sim config that `text` (trimmed) is alone on. */
function lineOf(stateDir: string, text: string): number {
  const lines = readFileSync(join(stateDir, "openclaw.json"), "utf8").split("\n");
  return lines.findIndex((line) => line.trim() === text) + 1;
}

const THINKING_RETIRED =
  "moonshot/kimi-k2-thinking is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404";

describe("a retired model id told at the start of chat and agent", () => {
  it("chat --model with an alias: the warning names the alias's place and the --model to give", async () => {
    const { cliEnv, stateDir, sim } = await setup();
    const config = join(stateDir, "openclaw.json");
    const aliasLine = lineOf(stateDir, '"alias": "Kimi K2 Thinking"');
    const result = await runCli(["chat", "--model", "Kimi K2 Thinking"], {
      env: { ...cliEnv, COLUMNS: "1000" },
      input: "hi\n",
    });
    expect(result.code).toBe(0);
    expect(retiredLines(result.stderr)).toEqual([
      `warning: ${THINKING_RETIRED}; "Kimi K2 Thinking" is the alias written at ${config}:${aliasLine}: agents.defaults.models["moonshot/kimi-k2-thinking"].alias; use moonshot/kimi-k2.5 instead: --model moonshot/kimi-k2.5`,
    ]);
    // The chat still goes on to the model asked for.
    expect(result.stdout).not.toContain("retired");
    expect(asked(sim)).toEqual(["kimi-k2-thinking"]);
  });

  it("agent --model: on stderr, stdout the answer alone; with --json in warnings, stderr clean", async () => {
    const { cliEnv, sim } = await setup();
    const plain = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2-turbo-preview"], {
      env: { ...cliEnv, COLUMNS: "1000" },
    });
    expect(plain.code).toBe(0);
    const warning =
      "moonshot/kimi-k2-turbo-preview is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: --model moonshot/kimi-k2.5";
    expect(retiredLines(plain.stderr)).toEqual([`warning: ${warning}`]);
    expect(plain.stdout).not.toContain("retired");
    const json = await runCli(
      ["agent", "-m", "hi", "--model", "moonshot/kimi-k2-turbo-preview", "--json"],
      { env: { ...cliEnv, COLUMNS: "1000" } },
    );
    expect(json.code).toBe(0);
    expect(json.stderr).toBe("");
    expect((JSON.parse(json.stdout) as { warnings: string[] }).warnings).toEqual([warning]);
    expect(asked(sim)).toEqual(["kimi-k2-turbo-preview", "kimi-k2-turbo-preview"]);
  });

  it("a session resumed on a retired model: agent and chat say so without --model", async () => {
    const { cliEnv, sim } = await setup();
    const env = { ...cliEnv, COLUMNS: "1000" };
    const first = await runCli(
      ["agent", "-m", "hi", "--session-id", "s1", "--model", "moonshot/kimi-k2-thinking"],
      { env },
    );
    expect(first.code).toBe(0);
    const onSession = `warning: moonshot/kimi-k2-thinking (the model session s1 is on) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: --model moonshot/kimi-k2.5`;
    const agent = await runCli(["agent", "-m", "again", "--session-id", "s1"], { env });
    expect(agent.code).toBe(0);
    expect(retiredLines(agent.stderr)).toEqual([onSession]);
    const chat = await runCli(["chat", "--session-id", "s1"], { env, input: "/exit\n" });
    expect(chat.code).toBe(0);
    expect(retiredLines(chat.stderr)).toEqual([onSession]);
    expect(asked(sim)).toEqual(["kimi-k2-thinking", "kimi-k2-thinking"]);
  });

  it("a retired fallback of the default chain: once, with its dotted path and file:line", async () => {
    const { cliEnv, stateDir, sim } = await setup({ fallbacks: ["moonshot/kimi-k2-thinking"] });
    const config = join(stateDir, "openclaw.json");
    const at = `${config}:${lineOf(stateDir, '"moonshot/kimi-k2-thinking"')}`;
    const warning = `moonshot/kimi-k2-thinking (fallback #1: agents.defaults.model.fallbacks[0], ${at}) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: openclaw models fallbacks remove moonshot/kimi-k2-thinking (moonshot/kimi-k2.5 is in the chain already)`;
    const env = { ...cliEnv, COLUMNS: "1000" };
    for (const args of [
      ["agent", "-m", "hi"],
      ["agent", "-m", "hi", "--model", "openclaw/default"],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code).toBe(0);
      expect(retiredLines(result.stderr)).toEqual([`warning: ${warning}`]);
      expect(result.stdout).not.toContain("retired");
    }
    const json = await runCli(["agent", "-m", "hi", "--json"], { env });
    expect(json.stderr).toBe("");
    expect((JSON.parse(json.stdout) as { warnings: string[] }).warnings).toEqual([warning]);
    const chat = await runCli(["chat"], { env, input: "hi\n" });
    expect(chat.code).toBe(0);
    expect(retiredLines(chat.stderr)).toEqual([`warning: ${warning}`]);
    // The primary answers: the fallback was only warned of.
    expect(asked(sim)).toEqual(["kimi-k2.5", "kimi-k2.5", "kimi-k2.5", "kimi-k2.5"]);
  });

  it("chat's /model back to the default chain says its retired fallback, not said at the start", async () => {
    const { cliEnv, stateDir } = await setup({ fallbacks: ["moonshot/kimi-k2-thinking"] });
    const at = `${join(stateDir, "openclaw.json")}:${lineOf(stateDir, '"moonshot/kimi-k2-thinking"')}`;
    const result = await runCli(["chat", "--model", "Kimi K2.5"], {
      env: { ...cliEnv, COLUMNS: "1000" },
      input: "/model openclaw/default\n",
    });
    expect(result.code).toBe(0);
    expect(retiredLines(result.stderr)).toEqual([
      `warning: moonshot/kimi-k2-thinking (fallback #1: agents.defaults.model.fallbacks[0], ${at}) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: openclaw models fallbacks remove moonshot/kimi-k2-thinking (moonshot/kimi-k2.5 is in the chain already)`,
    ]);
  });

  it("a served model and a chain without a retired id: no such warning", async () => {
    const { cliEnv } = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    const env = { ...cliEnv, COLUMNS: "1000" };
    for (const args of [
      ["agent", "-m", "hi"],
      ["agent", "-m", "hi", "--model", "Kimi K2.5"],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code).toBe(0);
      expect(retiredLines(result.stderr)).toEqual([]);
    }
  });
});
