import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { closedPort } from "../helpers/net.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { CTRL_C, DOWN, ENTER, startTerminal } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import {
  freshState,
  KIMI_KEY,
  MOONSHOT_CN_KEY,
  MOONSHOT_KEY,
  type StateDir,
} from "../onboard/harness.js";

const sims = regionSimulators();

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** The CLI in a terminal, its endpoints pointed at the simulators. */
type Term = ReturnType<typeof startTerminal>;

/** Waits for the key prompt and types the key, as a person would. */
async function enterKey(term: Term, key: string): Promise<void> {
  await term.waitFor("API key");
  await term.typeSlowly(key);
  term.write(ENTER);
}

/**
 * Says yes to the offer of Moonshot's China endpoint for a key the international one refused,
 * named by the base URL the key will be checked at (the simulators serve Kimi Code on the
 * international one's host, so hosts alone do not tell the endpoints apart): the China
 * simulator's unless `cnBaseUrl` says.
 */
async function acceptSwitchToChina(term: Term, cnBaseUrl = sims.cn.moonshotBaseUrl): Promise<void> {
  await term.waitFor(`Use Moonshot API key, China (${cnBaseUrl}) instead?`);
  term.write(ENTER); // yes
}

function terminal(
  state: StateDir,
  args: string[],
  shell?: string,
  env: Record<string, string> = {},
  cols?: number,
) {
  return startTerminal(args, {
    cwd: state.dir,
    ...(cols === undefined ? {} : { cols }),
    ...(shell === undefined ? {} : { shell }),
    env: {
      ...state.env,
      OPENCLAW_MOONSHOT_AI_BASE_URL: sims.ai.moonshotBaseUrl,
      OPENCLAW_MOONSHOT_CN_BASE_URL: sims.cn.moonshotBaseUrl,
      OPENCLAW_KIMI_CODE_BASE_URL: sims.ai.kimiCodeBaseUrl,
      ...env,
    },
  });
}

describe("openclaw onboard in a terminal", () => {
  it("asks for the provider, region and a masked key, shows a summary, then writes", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard"]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(ENTER); // Moonshot
      await term.waitFor("Which Moonshot region");
      term.write(ENTER); // International
      await enterKey(term, MOONSHOT_KEY);
      await term.waitFor("the key works on Moonshot international");
      await term.waitFor("balance: $49.50");
      await term.waitFor("About to write");
      await term.waitFor("Write these changes?");
      expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
      term.write(ENTER);
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

  it("the spec page's two commands ask for the key by its provider and platform", async () => {
    // Each named with where the key is checked: the override variables point both at the
    // simulator, not api.moonshot.ai or "subscription for coding agents"; by the base URL, as
    // the one simulator serves both on one host.
    for (const [choice, prompt, key] of [
      [
        "moonshot-api-key",
        `Moonshot API key, international (${sims.ai.moonshotBaseUrl})`,
        MOONSHOT_KEY,
      ],
      ["kimi-code-api-key", `Kimi Code API key (${sims.ai.kimiCodeBaseUrl})`, KIMI_KEY],
    ] as const) {
      const state = freshState();
      const term = terminal(state, ["onboard", "--auth-choice", choice]);
      try {
        await term.waitFor(prompt);
        await term.typeSlowly(key);
        term.write(ENTER);
        await term.waitFor("Write these changes?");
        term.write(ENTER);
        expect(await term.exited).toBe(0);
      } finally {
        term.kill();
      }
      // Asked by that name only: never a bare "API key" that could be either provider's.
      const asked = term
        .plain()
        .split("\n")
        .filter((line) => line.includes("API key"));
      expect(asked.length).toBeGreaterThan(0);
      for (const line of asked) expect(line).toContain(prompt);
    }
  });

  it("offers the other region when the key belongs there", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard", "--auth-choice", "moonshot-api-key"]);
    try {
      await enterKey(term, MOONSHOT_CN_KEY);
      await term.waitFor("wrong region");
      await acceptSwitchToChina(term);
      await term.waitFor("the key works on Moonshot China");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain(MOONSHOT_CN_KEY);
    const config = state.config() as { models: { providers: { moonshot: { baseUrl: string } } } };
    expect(config.models.providers.moonshot.baseUrl).toBe(sims.cn.moonshotBaseUrl);
  });

  it("says a key is from the other region once, and offers the switch instead of a command to run", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard", "--auth-choice", "moonshot-api-key"]);
    try {
      await enterKey(term, MOONSHOT_CN_KEY);
      // Named by the base URL the key will be checked at (Kimi Code shares the international
      // simulator's host): the China simulator's here.
      await term.waitFor(`Use Moonshot API key, China (${sims.cn.moonshotBaseUrl}) instead?`);
      term.write("n");
      await term.waitFor("Enter another key?");
      term.write("n");
      await term.waitFor("Save the key anyway?");
      term.write(ENTER); // no (the default)
      await term.waitFor("nothing was written");
      expect(await term.exited).toBe(1);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(occurrences(screen, "(wrong region)")).toBe(1);
    expect(occurrences(screen, "onboarding cancelled; nothing was written")).toBe(1);
    // Hints for the non-interactive command do not belong above a prompt that offers the switch.
    expect(screen).not.toContain("--skip-health");
    expect(screen).not.toContain("run again with");
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("asks for another key when the one typed is refused, instead of ending onboarding", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard"]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(ENTER); // Moonshot
      await term.waitFor("Which Moonshot region");
      term.write(ENTER); // International
      await enterKey(term, "sk-test-moonshot-typo-0007");
      await term.waitFor("rejected the key");
      await term.waitFor("Enter another key?");
      term.write(ENTER); // yes (the default)
      await enterKey(term, MOONSHOT_KEY);
      await term.waitFor("the key works on Moonshot international");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).not.toContain("Save the key anyway?");
    expect(screen).not.toContain("onboarding cancelled");
    expect(screen).not.toContain("sk-test-moonshot-typo-0007");
    expect(state.store().profiles["moonshot:default"]).toMatchObject({ key: MOONSHOT_KEY });
  });

  it("with --secret-input-mode ref takes the variable without asking, and writes a reference to it", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard", "--secret-input-mode", "ref"], undefined, {
      MOONSHOT_API_KEY: MOONSHOT_KEY,
    });
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(ENTER); // Moonshot
      await term.waitFor("Which Moonshot region");
      term.write(ENTER); // International
      await term.waitFor("moonshot:default: stores a reference to $MOONSHOT_API_KEY");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    // A "no" to this question ended in "needs $MOONSHOT_API_KEY to be set", though it was.
    expect(term.plain()).not.toContain("Use the key in $MOONSHOT_API_KEY");
    expect(JSON.stringify(state.store())).not.toContain(MOONSHOT_KEY);
    expect(JSON.stringify(state.store())).toContain("MOONSHOT_API_KEY");
  });

  it("with --secret-input-mode ref and the variable unset, closes the frame with the error and its hint (exit 2)", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard", "--secret-input-mode", "ref"]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(ENTER); // Moonshot
      await term.waitFor("Which Moonshot region");
      term.write(ENTER); // International
      expect(await term.exited).toBe(2);
    } finally {
      term.kill();
    }
    const plain = term.plain();
    const screen = plain.split("\n");
    // The frame's closing line is the error, its hint under it; said once.
    const error = screen.findIndex((line) =>
      line.startsWith("└  error: --secret-input-mode ref needs $MOONSHOT_API_KEY to be set"),
    );
    expect(error).toBeGreaterThan(-1);
    expect(screen[error + 1]).toMatch(
      /^ {3}hint: export MOONSHOT_API_KEY=<key>, then run: openclaw onboard --secret-input-mode ref/,
    );
    expect(occurrences(plain, "needs $MOONSHOT_API_KEY to be set")).toBe(1);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("offers the other region when it could not be reached to check the key", async () => {
    const state = freshState();
    const port = await closedPort();
    const cnUrl = `http://127.0.0.1:${port}/v1`;
    const term = terminal(state, ["onboard", "--auth-choice", "moonshot-api-key"], undefined, {
      OPENCLAW_MOONSHOT_CN_BASE_URL: cnUrl,
    });
    try {
      await enterKey(term, MOONSHOT_CN_KEY);
      await term.waitFor("could not be reached (connection refused), so the key may belong there");
      await acceptSwitchToChina(term, cnUrl);
      await term.waitFor("could not reach Moonshot China");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).not.toContain(MOONSHOT_CN_KEY);
    expect(screen).not.toMatch(/so did[^;\n]*Moonshot China/);
    const config = state.config() as { models: { providers: { moonshot: { baseUrl: string } } } };
    expect(config.models.providers.moonshot.baseUrl).toBe(cnUrl);
  });

  it("says in the summary that the new key replaces the stored one", async () => {
    const state = freshState();
    mkdirSync(dirname(state.storePath), { recursive: true });
    const old = "sk-test-moonshot-old-0009";
    writeFileSync(
      state.storePath,
      JSON.stringify({
        version: 1,
        profiles: { "moonshot:default": { type: "api_key", provider: "moonshot", key: old } },
      }),
    );
    const term = terminal(state, ["onboard", "--auth-choice", "moonshot-api-key"]);
    try {
      await enterKey(term, MOONSHOT_KEY);
      await term.waitFor("About to write");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).toContain("moonshot:default: replaces the stored key sk-…0009 with sk-…0001");
    expect(screen).not.toContain(old);
    expect(screen).not.toContain(MOONSHOT_KEY);
  });

  it("wraps the summary's changes in a narrow terminal as onboard --non-interactive does, each under its text", async () => {
    const state = freshState();
    const term = terminal(
      state,
      ["onboard", "--auth-choice", "moonshot-api-key"],
      undefined,
      {},
      60,
    );
    try {
      await enterKey(term, MOONSHOT_KEY);
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain().split("\n");
    const start = screen.findIndex((line) => line.startsWith("│  Changes:"));
    // In the note's box, or in the log when a path is too wide for the box: they end alike.
    const end = screen.findIndex(
      (line, index) => index > start && (/^│ +│$/.test(line) || !/^│ {4}/.test(line)),
    );
    const changes = screen.slice(start + 1, end).map((line) => line.replace(/ *│$/, ""));
    // Some changes are wider than the box: they take more lines than there are changes.
    const items = changes.filter((line) => /^│ {4}- /.test(line));
    expect(changes.length).toBeGreaterThan(items.length);
    // A change's further lines go under its text, not back to the box's edge.
    for (const line of changes) expect(line).toMatch(/^│ {4}- \S|^│ {6}\S/);
    expect(changes.join(" ")).toContain("kimi-k2-thinking, kimi-k2-thinking-turbo");
  });

  it("wraps a long warning in a narrow terminal under its text, beside the prompts' bar", async () => {
    const state = freshState();
    const term = terminal(
      state,
      ["onboard", "--auth-choice", "moonshot-api-key"],
      undefined,
      {},
      60,
    );
    try {
      await enterKey(term, MOONSHOT_KEY);
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain().split("\n");
    const start = screen.findIndex((line) => line.startsWith("▲  "));
    expect(start).toBeGreaterThan(-1);
    const end = screen.findIndex((line, index) => index > start && !line.startsWith("│  "));
    const warning = screen.slice(start, end);
    // The warning is wider than the terminal: it takes several lines, each within 60 columns,
    // its further lines after the bar rather than at the terminal's left edge.
    expect(warning.length).toBeGreaterThan(1);
    for (const line of warning) expect(line.trimEnd().length).toBeLessThanOrEqual(60);
    expect(warning.join(" ")).toContain("openclaw models scan --provider moonshot");
  });

  it("says once that auth was skipped", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard", "--auth-choice", "skip"]);
    try {
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect(occurrences(term.plain().toLowerCase(), "skipped")).toBe(1);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("writes nothing when the summary is declined", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard"]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(DOWN); // Kimi Code
      term.write(ENTER);
      await enterKey(term, KIMI_KEY);
      await term.waitFor("Write these changes?");
      term.write("n");
      await term.waitFor("nothing was written");
      expect(await term.exited).toBe(1);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain(KIMI_KEY);
    expect(occurrences(term.plain(), "onboarding cancelled; nothing was written")).toBe(1);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("Ctrl-C while the key is checked exits 130, as agent does, and writes nothing", async () => {
    // An endpoint that takes the connection and never answers: the check waits.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on("data", () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    const state = freshState();
    const term = terminal(state, ["onboard", "--auth-choice", "moonshot-api-key"], undefined, {
      OPENCLAW_MOONSHOT_AI_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    try {
      await enterKey(term, MOONSHOT_KEY);
      await term.waitFor("Checking the key");
      term.write(CTRL_C);
      await term.waitFor("onboarding cancelled; nothing was written");
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
    expect(term.plain()).not.toContain("Canceled");
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("Ctrl-C while it waits for another process's lock exits 130 and leaves no lock of its own", async () => {
    const state = freshState();
    // Another openclaw process (alive: this test's own) is changing the config.
    const otherLock = `${state.configPath}.lock`;
    const other = JSON.stringify({ pid: process.pid, host: hostname(), since: "x", token: "t" });
    writeFileSync(otherLock, other);
    const term = terminal(state, [
      "onboard",
      "--auth-choice",
      "kimi-code-api-key",
      "--skip-health",
    ]);
    try {
      await enterKey(term, KIMI_KEY);
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor(`(pid ${process.pid}) is changing ${state.configPath}; waiting`);
      term.write(CTRL_C);
      await term.waitFor("onboarding cancelled; nothing was written");
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    expect(existsSync(`${state.storePath}.lock`)).toBe(false);
    expect(readFileSync(otherLock, "utf8")).toBe(other);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("Ctrl-C at a prompt exits 130, and with NO_COLOR draws no colour or style codes", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard"], undefined, { NO_COLOR: "1" });
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(CTRL_C);
      await term.waitFor("onboarding cancelled; nothing was written");
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    // SGR codes (colour, dim, strikethrough) end in "m"; cursor movement may stay.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes is the point
    expect(term.screen()).not.toMatch(/\u001b\[[0-9;]*m/);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("asks again for a custom provider id that cannot be used, before the key", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard", "--auth-choice", "custom-api-key", "--skip-health"]);
    try {
      await term.waitFor("Base URL");
      await term.typeSlowly("https://llm.example.com/v1");
      term.write(ENTER);
      await term.waitFor("Model id");
      await term.typeSlowly("my-model");
      term.write(ENTER);
      await term.waitFor("Provider id");
      await term.typeSlowly("My LLM");
      term.write(ENTER);
      await term.waitFor('letters, digits, "-" and "_" only');
      for (let i = 0; i < "My LLM".length; i++) term.write("\u007f");
      await term.typeSlowly("moonshot");
      term.write(ENTER);
      await term.waitFor('"moonshot" is a built-in provider');
      for (let i = 0; i < "moonshot".length; i++) term.write("\u007f");
      await term.typeSlowly("my-llm");
      term.write(ENTER);
      await term.waitFor("API key");
      term.write(ENTER); // none: the endpoint needs none
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain("--custom-provider-id");
    const config = state.config() as { agents: { defaults: { model: { primary: string } } } };
    expect(config.agents.defaults.model.primary).toBe("my-llm/my-model");
  });

  it("reports a broken config before asking anything", async () => {
    const state = freshState();
    writeFileSync(state.configPath, "{\n  gateway: { port: 18789,\n");
    const before = state.snapshot();
    const term = terminal(state, ["onboard"]);
    try {
      expect(await term.exited).toBe(1);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).toMatch(/^error: .*openclaw\.json/m);
    expect(screen).not.toContain("Which provider");
    expect(state.snapshot()).toEqual(before);
  });

  it("draws no spinner with --non-interactive --json, on a terminal too", async () => {
    const state = freshState();
    const term = terminal(state, onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--json"));
    try {
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain("Checking the key");
    expect(JSON.parse(term.plain())).toMatchObject({ ok: true, written: true });
  });

  it("a key flag for the other provider than the one picked from the menu says it was the pick, not an --auth-choice never typed", async () => {
    const state = freshState();
    const term = terminal(state, ["onboard", "--moonshot-api-key", MOONSHOT_KEY], undefined, {
      TERM: "dumb",
    });
    try {
      await term.waitFor("Enter 1-4");
      term.write(`2${ENTER}`); // Kimi Code
      expect(await term.exited).toBe(2);
    } finally {
      term.kill();
    }
    expect(term.plain().replace(/\s+/g, " ")).toContain(
      "error: --moonshot-api-key does not go with the provider picked above (--auth-choice kimi-code-api-key)",
    );
  });

  it("draws no spinner frames on TERM=dumb", async () => {
    const state = freshState();
    // Through a shell: the terminal itself is always named xterm-256color.
    const term = terminal(
      state,
      [],
      `TERM=dumb "${process.execPath}" "${CLI}" onboard --non-interactive --accept-risk --auth-choice moonshot-api-key --moonshot-api-key ${MOONSHOT_KEY}`,
    );
    try {
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect(term.plain()).toContain("Saved.");
    expect(term.plain()).not.toContain("Checking the key");
  });

  it("with --json draws the prompts on the terminal and leaves stdout to the JSON", async () => {
    const state = freshState();
    const out = join(state.dir, "stdout.json");
    const term = terminal(
      state,
      [],
      `"${process.execPath}" "${CLI}" onboard --json --auth-choice kimi-code-api-key > "${out}"`,
    );
    try {
      await enterKey(term, KIMI_KEY);
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const stdout = readFileSync(out, "utf8");
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, written: true });
    expect(stdout).not.toContain("Write these changes?");
    expect(stdout).not.toContain(KIMI_KEY);
    expect(term.plain()).not.toContain(KIMI_KEY);
    expect(state.store().profiles["kimi-code:default"]).toMatchObject({ key: KIMI_KEY });
  });
});
