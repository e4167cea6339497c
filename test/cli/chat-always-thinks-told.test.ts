/**
 * `openclaw chat` with a model that cannot stop thinking (Kimi Code's kimi-for-coding refuses
 * thinking off). The built-in catalog says so (its compat.alwaysThinks): /model and /search say
 * from the first use that a turn with web search on is not sent to it, and /think off says the model
 * thinks anyway. With that cleared in the config, the chat learns it from the model's first
 * refusal instead, and says it from then on.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const searchWarning = (why: string) =>
  `warning: web search is on, and kimi-code/kimi-for-coding always thinks (${why}): Moonshot's $web_search does not work while a model thinks, so a turn is not sent to it: it ends at once with an error, nothing billed. Type /search off to ask it without searching, or /model one that can stop thinking (such as moonshot/kimi-k2.5) to search`;
const SEARCH_WARNING = searchWarning("it refused thinking off earlier in this chat");
const BUILT_IN_WHY = "it refuses thinking off, its compat.alwaysThinks says";

/** A sim env whose config clears kimi-for-coding's compat.alwaysThinks: it is learned instead. */
async function unmarkedEnv(): Promise<SimEnv> {
  const started = await startSimEnv();
  const file = path.join(started.stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8")) as {
    models: { providers: { "kimi-code": { models: { compat?: object }[] } } };
  };
  const [model] = config.models.providers["kimi-code"].models;
  if (model) model.compat = { ...model.compat, alwaysThinks: false };
  writeFileSync(file, JSON.stringify(config));
  return started;
}

describe("chat with a model that always thinks", () => {
  it("warns at the first /model, /search on and /think off, as the built-in catalog says it always thinks", async () => {
    env = await startSimEnv();
    const result = await runCli(["chat"], {
      env: env.cliEnv,
      input: "/search on\n/model Kimi Code\n/search off\n/search on\n/think off\nwhat is new?\n",
    });
    // The turn failed before anything was sent: $web_search needs thinking off.
    expect(result.code).toBe(1);
    const stderr = result.stderr.replace(/\n {2}/g, " ");
    const warnings = stderr
      .split("\n")
      .filter((line) => line.startsWith("warning: web search is on"));
    expect(warnings).toEqual([searchWarning(BUILT_IN_WHY), searchWarning(BUILT_IN_WHY)]);
    expect(result.stdout).toContain(
      `thinking: off asked, but kimi-code/kimi-for-coding always thinks (${BUILT_IN_WHY})`,
    );
    // /search on says thinking is turned off for the search on moonshot/kimi-k2.5 only: on Kimi
    // Code, which cannot stop thinking, that would be untrue (the warning under it says why).
    const searchLines = result.stdout.split("\n").filter((line) => line.startsWith("web search:"));
    expect(searchLines).toEqual([
      "web search: on (thinking is turned off for it)",
      "web search: off",
      "web search: on",
    ]);
    expect(stderr).toContain(
      "error: kimi-code/kimi-for-coding cannot search the web: it always thinks (it refuses thinking off, its compat.alwaysThinks says), and Moonshot's $web_search works only with thinking off, so the request was not sent",
    );
    expect(stderr).toContain(
      "hint: search with a model that can stop thinking, such as moonshot/kimi-k2.5, or ask kimi-code/kimi-for-coding without web search",
    );
    expect(env.sim.chatRequests()).toEqual([]);
    // --web-search says it before the prompt, as /search on does.
    const started = await runCli(["chat", "--model", "kimi-code/kimi-for-coding", "--web-search"], {
      env: env.cliEnv,
      input: "",
    });
    expect(started.code).toBe(0);
    expect(started.stderr.replace(/\n {2}/g, " ")).toContain(searchWarning(BUILT_IN_WHY));
  });

  it("warns at /model and /search on once the model refused thinking off (compat.alwaysThinks cleared)", async () => {
    env = await unmarkedEnv();
    const result = await runCli(["chat"], {
      env: env.cliEnv,
      input:
        "/search on\n/model Kimi Code\nwhat is new?\n/model moonshot/kimi-k2.5\n/model Kimi Code\n/search off\n/search on\n",
    });
    // The one turn failed (Moonshot refuses $web_search while the model thinks).
    expect(result.code).toBe(1);
    const warnings = result.stderr
      .replace(/\n {2}/g, " ")
      .split("\n")
      .filter((line) => line.startsWith("warning: web search is on"));
    // Not before the refusal (nothing says so yet); after it, at /model back to it and /search on.
    expect(warnings).toEqual([SEARCH_WARNING, SEARCH_WARNING]);
    expect(result.stderr.indexOf(SEARCH_WARNING.slice(0, 40))).toBeGreaterThan(
      result.stderr.indexOf("error: kimi-code"),
    );
  });

  it("says at /think off that the model thinks anyway once it refused (compat.alwaysThinks cleared)", async () => {
    env = await unmarkedEnv();
    const result = await runCli(["chat", "--model", "Kimi Code"], {
      env: env.cliEnv,
      input: "/think off\nhi\n/think off\n/think on\n/think\n",
    });
    expect(result.code).toBe(0);
    const told = result.stdout.split("\n").filter((line) => line.startsWith("thinking:"));
    const ignored =
      "thinking: off asked, but kimi-code/kimi-for-coding always thinks (it refused thinking off earlier in this chat): its answers still come with thinking; /model one that can stop thinking for answers without it";
    // Before its first answer nothing says it cannot stop; after its refusal, /think says so.
    expect(told).toEqual(["thinking: off", ignored, "thinking: on", ignored]);
  });

  it("warns from the start for a model whose config says its effort cannot be turned off", async () => {
    env = await startSimEnv();
    const file = path.join(env.stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(file, "utf8")) as {
      agents: { defaults: { models: Record<string, object> } };
      models: { providers: { moonshot: { models: unknown[] } } };
    };
    config.agents.defaults.models["moonshot/kimi-k3"] = {};
    config.models.providers.moonshot.models.push({
      id: "kimi-k3",
      name: "Kimi K3",
      reasoning: true,
      input: ["text"],
      compat: { thinkingFormat: "moonshot-effort" },
    });
    writeFileSync(file, JSON.stringify(config));
    const result = await runCli(["chat", "--model", "moonshot/kimi-k3"], {
      env: env.cliEnv,
      input: "/search on\n/think off\n",
    });
    expect(result.code).toBe(0);
    const why = "its config says its effort can be lowered, not turned off";
    expect(result.stderr.replace(/\n {2}/g, " ")).toContain(
      `warning: web search is on, and moonshot/kimi-k3 always thinks (${why})`,
    );
    expect(result.stdout).toContain(
      `thinking: off asked, but moonshot/kimi-k3 always thinks (${why})`,
    );
    // Nothing was sent: both were said before any turn.
    expect(env.sim.chatRequests()).toEqual([]);
    // --web-search says it before the prompt, as /search on does.
    const started = await runCli(["chat", "--model", "moonshot/kimi-k3", "--web-search"], {
      env: env.cliEnv,
      input: "",
    });
    expect(started.code).toBe(0);
    expect(started.stderr.replace(/\n {2}/g, " ")).toContain(
      `warning: web search is on, and moonshot/kimi-k3 always thinks (${why})`,
    );
  });
});
