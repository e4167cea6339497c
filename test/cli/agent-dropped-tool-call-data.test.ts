/**
 * `openclaw agent` and `chat` say when an upstream streamed tool-call arguments after the call
 * was complete (left out of the answer): one warning line on stderr naming the call and how many
 * characters, never the arguments; `agent --json` has them in `droppedToolCallData`. The upstream
 * is a loopback server sending exactly the chunks scripted.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import {
  type ScriptedUpstream,
  startScriptedUpstream,
  toolCallDelta,
  upstreamError,
} from "../helpers/scripted-upstream.js";
import { tempDir } from "../helpers/tmp.js";

let upstream: ScriptedUpstream;
beforeAll(async () => {
  upstream = await startScriptedUpstream("tools-model", "trace-cli-dropped");
});
afterAll(() => upstream.close());

function stateDir(compat: Record<string, boolean> = {}): Record<string, string> {
  const dir = tempDir("h10-dropped-");
  const config = {
    models: {
      providers: {
        raw: customProvider([{ id: "tools-model", name: "Tools Model", input: ["text"] }], {
          baseUrl: upstream.url,
          apiKey: "raw-upstream-key-0001",
          compat,
        }),
      },
    },
    agents: { defaults: { model: { primary: "raw/tools-model" } } },
  };
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
  return { OPENCLAW_STATE_DIR: dir };
}

/** call_a's {"b":2} (7 characters) comes after call_b began: it is left out. */
const twoValues = [
  toolCallDelta(0, '{"a":1}', "call_a"),
  toolCallDelta(1, '{"tz":"UTC"}', "call_b"),
  toolCallDelta(0, '{"b":2}'),
];
const WARNING =
  "warning: raw/tools-model sent more arguments for tool calls after they were complete, left out of the answer: call_a (get_time, index 0): 7 characters";

describe("tool-call arguments left out, as the CLI tells them", () => {
  it("agent warns on one line; --json has droppedToolCallData", async () => {
    const env = stateDir();
    upstream.scripts.push(twoValues);
    const text = await runCli(["agent", "-m", "What time is it?"], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr.split("\n")).toContain(WARNING);
    expect(text.stderr + text.stdout).not.toContain('"b":2');

    upstream.scripts.push(twoValues);
    const json = await runCli(["agent", "-m", "What time is it?", "--json"], { env });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).not.toContain("after they were complete");
    const output = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(output.droppedToolCallData).toEqual([
      { round: 1, index: 0, id: "call_a", characters: 7 },
    ]);

    upstream.scripts.push([toolCallDelta(0, '{"a":1}', "call_whole")]);
    const whole = await runCli(["agent", "-m", "again", "--json"], { env });
    expect((JSON.parse(whole.stdout) as Record<string, unknown>).droppedToolCallData).toEqual([]);
  });

  it("with --tools, each call is named with the round it came in", async () => {
    const env = stateDir();
    const cwd = tempDir("h10-dropped-cwd-");
    writeFileSync(join(cwd, "notes.txt"), "hello");
    upstream.scripts.push(
      [
        toolCallDelta(0, '{"path":"notes.txt"}', "call_read", "read_file"),
        toolCallDelta(1, '{"path":"."}', "call_list", "list_dir"),
        toolCallDelta(0, '{"path":"x"}'),
      ],
      [{ content: "It says hello." }],
    );
    const text = await runCli(["agent", "-m", "Read notes.txt", "--tools"], { env, cwd });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr.split("\n")).toContain(
      "warning: raw/tools-model sent more arguments for tool calls after they were complete, left out of the answer: call_read (read_file, round 1, index 0): 12 characters",
    );
    expect(text.stdout).toContain("It says hello.");
  });

  it("a run that fails in a later round still tells what an earlier round left out", async () => {
    const env = stateDir();
    const cwd = tempDir("h16-dropped-cwd-");
    writeFileSync(join(cwd, "notes.txt"), "hello");
    const roundOneDrops = [
      toolCallDelta(0, '{"path":"notes.txt"}', "call_read", "read_file"),
      toolCallDelta(1, '{"path":"."}', "call_list", "list_dir"),
      toolCallDelta(0, '{"path":"x"}'),
    ];
    const refused = upstreamError(400, "the request was refused");
    upstream.scripts.push(roundOneDrops, refused);
    const text = await runCli(["agent", "-m", "Read notes.txt", "--tools"], { env, cwd });
    expect(text.code).toBe(1);
    const lines = text.stderr.split("\n");
    const warning = lines.indexOf(
      "warning: raw/tools-model sent more arguments for tool calls after they were complete, left out of the answer: call_read (read_file, round 1, index 0): 12 characters",
    );
    expect(warning, text.stderr).toBeGreaterThanOrEqual(0);
    // The warning comes before the error it would otherwise be lost behind.
    const error = lines.findIndex((line) => line.includes("the request was refused"));
    expect(error, text.stderr).toBeGreaterThan(warning);

    upstream.scripts.push(roundOneDrops, refused);
    const json = await runCli(["agent", "-m", "Read notes.txt", "--tools", "--json"], {
      env,
      cwd,
    });
    expect(json.code).toBe(1);
    expect(json.stderr).not.toContain("after they were complete");
    const output = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(output.ok).toBe(false);
    expect(output.droppedToolCallData).toEqual([
      { round: 1, index: 0, id: "call_read", characters: 12 },
    ]);

    // A failure with nothing left out before it has the field too, empty.
    upstream.scripts.push(refused);
    const first = await runCli(["agent", "-m", "hi", "--json"], { env });
    expect(first.code).toBe(1);
    expect((JSON.parse(first.stdout) as Record<string, unknown>).droppedToolCallData).toEqual([]);
  });

  it("with --web-search, a $web_search call is named as one, without an index", async () => {
    const env = stateDir({ supportsWebSearch: true });
    upstream.scripts.push(
      [
        toolCallDelta(0, '{"q":"a"}', "search_1", "$web_search"),
        toolCallDelta(1, '{"q":"b"}', "search_2", "$web_search"),
        toolCallDelta(0, '{"q":"c"}'),
      ],
      [{ content: "Found it." }],
    );
    const text = await runCli(["agent", "-m", "Look it up", "--web-search"], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr.split("\n")).toContain(
      "warning: raw/tools-model sent more arguments for tool calls after they were complete, left out of the answer: search_1 ($web_search): 9 characters",
    );
    expect(text.stdout).toContain("Found it.");
  });

  it("chat warns before the error of a turn that fails in a later round", async () => {
    const env = stateDir();
    const cwd = tempDir("h16-dropped-chat-cwd-");
    writeFileSync(join(cwd, "notes.txt"), "hello");
    upstream.scripts.push(
      [
        toolCallDelta(0, '{"path":"notes.txt"}', "call_read", "read_file"),
        toolCallDelta(1, '{"path":"."}', "call_list", "list_dir"),
        toolCallDelta(0, '{"path":"x"}'),
      ],
      upstreamError(400, "the request was refused"),
    );
    const chat = await runCli(["chat", "--tools"], { env, cwd, input: "Read notes.txt\n" });
    const lines = chat.stderr.split("\n");
    const warning = lines.indexOf(
      "warning: raw/tools-model sent more arguments for tool calls after they were complete, left out of the answer: call_read (read_file, round 1, index 0): 12 characters",
    );
    expect(warning, chat.stderr).toBeGreaterThanOrEqual(0);
    const error = lines.findIndex((line) => line.includes("the request was refused"));
    expect(error, chat.stderr).toBeGreaterThan(warning);
  });

  it("chat warns on one line after the answer", async () => {
    const env = stateDir();
    upstream.scripts.push(twoValues);
    const chat = await runCli(["chat"], { env, input: "What time is it?\n" });
    expect(chat.stderr.split("\n")).toContain(WARNING);
    expect(chat.stderr + chat.stdout).not.toContain('"b":2');
  });
});
