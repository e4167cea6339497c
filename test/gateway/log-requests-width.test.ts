/**
 * `openclaw gateway --log-requests` on a terminal: each request's line fits the terminal's width
 * (the whole line was about 130 columns, so an 80-column terminal wrapped every request into two
 * ragged lines), keeping what a person watching needs: the time, the status, the model, the
 * latency, the tokens, the cost of a priced model, and a failure's error class. Resized, the next
 * lines fit the new width. A refused path's line puts its advice under the path. To a file, every
 * field is kept, whatever COLUMNS says: logs are grepped.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import { overWide } from "../helpers/over-wide.js";
import { startTerminal, type Terminal } from "../helpers/pty.js";
import { eventually } from "../helpers/wait.js";
import { GATEWAY_TOKEN, simConfig } from "./harness.js";

const suite = useBuiltGatewaySuite();
const terminals: Terminal[] = [];
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});

/** A request's line: it starts with the time and the status. */
const REQUEST_LINE = /^\d\d:\d\d:\d\d {2}\d{3} {2}/;

/** The environment as node-pty takes it: only the variables that are set. */
function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

async function chat(url: string, model: string): Promise<number> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  await response.text();
  return response.status;
}

/**
 * Three requests a person watching would tell apart: a priced model that answered (tokens and a
 * cost), one the provider refused (its error class and trace id), and the default chain falling
 * back to Kimi Code, which has no prices (no cost). The fallback comes last: Moonshot's quota
 * refusal rests its key for a while, and the refusal before it would not reach the provider.
 */
async function threeRequests(url: string): Promise<void> {
  suite.sim.script([
    { when: { model: "kimi-k2.5" }, times: 1, respond: { reply: { text: "ok" } } },
    { when: { model: "kimi-k2-turbo-preview" }, times: 1, respond: { error: "tokenLimit" } },
    { when: { model: "kimi-k2.5" }, times: 1, respond: { error: "quota" } },
  ]);
  expect(await chat(url, "moonshot/kimi-k2.5")).toBe(200);
  expect(await chat(url, "moonshot/kimi-k2-turbo-preview")).toBe(400);
  expect(await chat(url, "openclaw")).toBe(200);
}

/** A gateway with --log-requests on a terminal `cols` wide, and its URL. */
async function gatewayOnTerminal(cols: number): Promise<{ terminal: Terminal; url: string }> {
  const state = suite.stateDir("openclaw-log-width-", simConfig(suite.sim));
  const terminal = startTerminal(["gateway", "--port", "0", "--log-requests"], {
    cols,
    env: definedEnv(state.env),
  });
  terminals.push(terminal);
  await terminal.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(terminal.plain())?.[1] ?? "";
  return { terminal, url };
}

/** The request lines the terminal shows, once there are `count` of them. */
async function requestLines(terminal: Terminal, count: number): Promise<string[]> {
  const lines = () =>
    terminal
      .plain()
      .split("\n")
      .filter((line) => REQUEST_LINE.test(line));
  await eventually(() => lines().length >= count, 10_000, `${count} request lines`);
  return lines();
}

/**
 * What each of threeRequests' lines must show, however narrow the terminal. At 60 columns the
 * refusal's line (`upstream.context_length`) has no room for the whole model: it is cut, `…`.
 */
function expectEssentials(lines: string[], width: number): void {
  const turbo = width < 70 ? "kimi-k2-t\\S*…" : "(moonshot\\/)?kimi-k2-turbo-preview";
  const [priced, refused, fellBack] = lines;
  expect(priced).toMatch(
    /^\d\d:\d\d:\d\d {2}200 {2}(moonshot\/)?kimi-k2\.5 {2}[\d.,]+ ms {2}[\d,]+ \+ [\d,]+( tokens)? {2}\$0\.\d+( |$)/,
  );
  expect(refused).toMatch(
    new RegExp(
      `^\\d\\d:\\d\\d:\\d\\d {2}400 {2}${turbo} {2}[\\d.,]+ ms {2}.*upstream\\.context_length$`,
    ),
  );
  expect(fellBack).toMatch(
    /^\d\d:\d\d:\d\d {2}200 {2}.*→ (kimi-code\/)?kimi-for-coding.* {2}[\d.,]+ ms {2}[\d,]+ \+ [\d,]+/,
  );
  expect(fellBack).not.toContain("$");
}

describe("openclaw gateway --log-requests on a terminal", () => {
  it.each([100, 80, 60])(
    "fits each request's line to %i columns, keeping what a person watching needs",
    async (width) => {
      const { terminal, url } = await gatewayOnTerminal(width);
      await threeRequests(url);
      const lines = await requestLines(terminal, 3);
      for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      expectEssentials(lines, width);
      // A path the gateway does not serve: its advice goes under the path, wrapped.
      const refused = await fetch(`${url}/v1/v1/chat/completions`, { method: "POST", body: "{}" });
      await refused.text();
      const from = await terminal.waitFor("POST /v1/v1/chat/completions");
      await terminal.waitFor("/v1?", from);
      const shown = terminal.plain().slice(terminal.plain().lastIndexOf("\n", from) + 1);
      expect(overWide(shown, width)).toEqual([]);
      expect(shown.replace(/\s+/g, " ")).toContain(
        "POST /v1/v1/chat/completions no such route Does the client's base URL end in /v1 and the client add another /v1?",
      );
      // With the room, the refusal keeps what Moonshot support asks for.
      if (width >= 100) expect(lines[1]).toMatch(/ {2}trace sim-\S+ {2}upstream\.context_length$/);
    },
  );

  it("fits the lines after a resize to the new width", async () => {
    const { terminal, url } = await gatewayOnTerminal(120);
    suite.sim.script([
      { when: { model: "kimi-k2.5" }, times: 2, respond: { reply: { text: "ok" } } },
    ]);
    expect(await chat(url, "moonshot/kimi-k2.5")).toBe(200);
    await requestLines(terminal, 1);
    terminal.resize(60);
    expect(await chat(url, "moonshot/kimi-k2.5")).toBe(200);
    const [wide, narrow] = await requestLines(terminal, 2);
    expect(displayWidth(wide ?? "")).toBeGreaterThan(60);
    expect(displayWidth(narrow ?? "")).toBeLessThanOrEqual(60);
    expect(narrow).toMatch(
      /^\d\d:\d\d:\d\d {2}200 {2}(moonshot\/)?kimi-k2\.5 {2}[\d.,]+ ms {2}[\d,]+ \+ [\d,]+( tokens)? {2}\$0\.\d+/,
    );
  });

  it("keeps every field when its output is a file, even with COLUMNS set", async () => {
    const state = suite.stateDir("openclaw-log-width-file-", simConfig(suite.sim));
    const log = join(state.dir, "gateway.log");
    // The terminal runs the shell; the gateway's stderr goes to a file, as `2>gateway.log` does.
    const terminal = startTerminal([], {
      cols: 60,
      env: { ...definedEnv(state.env), COLUMNS: "60" },
      shell: `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(import.meta.dirname, "../../bin/openclaw.js"))} gateway --port 0 --log-requests 2>${JSON.stringify(log)}`,
    });
    terminals.push(terminal);
    await terminal.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(terminal.plain())?.[1] ?? "";
    await threeRequests(url);
    const lines = () =>
      readFileSync(log, "utf8")
        .split("\n")
        .filter((line) => REQUEST_LINE.test(line));
    await eventually(() => lines().length >= 3, 10_000, "3 request lines in the file");
    const [priced, refused, fellBack] = lines();
    expect(priced).toMatch(
      /^\d\d:\d\d:\d\d {2}200 {2}moonshot\/kimi-k2\.5 {2}[\d.,]+ ms {2}[\d,]+ \+ [\d,]+ tokens {2}\$0\.\d+ {2}chat_completions {2}127\.0\.0\.1 {2}chatcmpl-\S+ {2}trace sim-\S+$/,
    );
    expect(fellBack).toMatch(
      /^\d\d:\d\d:\d\d {2}200 {2}openclaw → kimi-code\/kimi-for-coding \(fallback\) {2}.* tokens {2}chat_completions {2}127\.0\.0\.1 {2}chatcmpl-\S+ {2}trace sim-\S+$/,
    );
    expect(refused).toMatch(
      /^\d\d:\d\d:\d\d {2}400 {2}moonshot\/kimi-k2-turbo-preview {2}[\d.,]+ ms {2}chat_completions {2}127\.0\.0\.1 {2}chatcmpl-\S+ {2}trace sim-\S+ {2}upstream\.context_length$/,
    );
  });
});
