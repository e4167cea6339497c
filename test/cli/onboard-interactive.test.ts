import * as pty from "node-pty";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import {
  freshState,
  KIMI_KEY,
  MOONSHOT_CN_KEY,
  MOONSHOT_KEY,
  type StateDir,
} from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes is the point
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;
const ENTER = "\r";
const DOWN = "\u001b[B";

let ai: Simulator;
let cn: Simulator;
beforeAll(async () => {
  ai = await startSimulator({ region: "ai" });
  cn = await startSimulator({ region: "cn" });
});
afterAll(async () => {
  await ai?.close();
  await cn?.close();
});

/** The CLI in a real pseudo-terminal, with a way to wait for text and type answers. */
function terminal(state: StateDir, args: string[]) {
  const child = pty.spawn(process.execPath, [CLI, ...args], {
    name: "xterm-256color",
    cols: 120,
    rows: 40,
    cwd: state.dir,
    env: {
      PATH: process.env.PATH ?? "",
      ...state.env,
      OPENCLAW_MOONSHOT_AI_BASE_URL: ai.moonshotBaseUrl,
      OPENCLAW_MOONSHOT_CN_BASE_URL: cn.moonshotBaseUrl,
      OPENCLAW_KIMI_CODE_BASE_URL: ai.kimiCodeBaseUrl,
    },
  });
  let screen = "";
  let consumed = 0;
  const exited = new Promise<number>((resolve) =>
    child.onExit(({ exitCode }) => resolve(exitCode)),
  );
  child.onData((data) => {
    screen += data;
  });
  const plain = () => screen.replace(ANSI, "");
  return {
    plain,
    /** Waits until `text` appears after what earlier waits already matched. */
    async waitFor(text: string | RegExp, timeoutMs = 8000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rest = plain().slice(consumed);
        const index = typeof text === "string" ? rest.indexOf(text) : rest.search(text);
        if (index >= 0) {
          consumed += index + 1;
          return;
        }
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${String(text)}; screen so far:\n${plain()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    type(keys: string) {
      child.write(keys);
    },
    /** Types like a person: a character at a time. */
    async typeSlowly(text: string) {
      for (const char of text) {
        child.write(char);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    exited,
    kill: () => child.kill(),
  };
}

describe("openclaw onboard in a terminal", () => {
  it("asks for the provider, region and a masked key, shows a summary, then writes", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard"]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.type(ENTER); // Moonshot
      await term.waitFor("Which Moonshot region");
      term.type(ENTER); // International
      await term.waitFor("API key");
      await term.typeSlowly(MOONSHOT_KEY);
      term.type(ENTER);
      await term.waitFor("the key works on Moonshot international");
      await term.waitFor("About to write");
      await term.waitFor("Write these changes?");
      expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
      term.type(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).not.toContain(MOONSHOT_KEY);
    expect(screen).toContain("sk-…0001");
    expect(screen).toContain("moonshot/kimi-k2.5");
    expect(state.store().profiles["moonshot:default"]).toEqual({
      type: "api_key",
      provider: "moonshot",
      key: MOONSHOT_KEY,
    });
    const config = state.config() as { agents: { defaults: { model: { primary: string } } } };
    expect(config.agents.defaults.model.primary).toBe("moonshot/kimi-k2.5");
  });

  it("offers the other region when the key belongs there", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard", "--auth-choice", "moonshot-api-key"]);
    try {
      await term.waitFor("API key");
      await term.typeSlowly(MOONSHOT_CN_KEY);
      term.type(ENTER);
      await term.waitFor("wrong region");
      await term.waitFor("China, api.moonshot.cn) instead?");
      term.type(ENTER); // yes
      await term.waitFor("the key works on Moonshot China");
      await term.waitFor("Write these changes?");
      term.type(ENTER);
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain(MOONSHOT_CN_KEY);
    const config = state.config() as { models: { providers: { moonshot: { baseUrl: string } } } };
    expect(config.models.providers.moonshot.baseUrl).toBe(cn.moonshotBaseUrl);
  });

  it("writes nothing when the summary is declined", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard"]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.type(DOWN); // Kimi Code
      term.type(ENTER);
      await term.waitFor("API key");
      await term.typeSlowly(KIMI_KEY);
      term.type(ENTER);
      await term.waitFor("Write these changes?");
      term.type("n");
      await term.waitFor("nothing was written");
      expect(await term.exited).toBe(1);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain(KIMI_KEY);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });
});
