/**
 * Every example of every command's --help, run as written (in a shell, in the order the help
 * shows them) on a fresh setup: Kimi Code then Moonshot onboarded against the simulator, so the
 * default model is moonshot/kimi-k2.5 as in the docs. An example that fails there fails the
 * person who copies it. Each command's examples start from their own copy of that setup.
 *
 * Not run, each for the reason given (an example added later is run unless it is listed here):
 * long-running servers and chats, examples that need a terminal or another host.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { CLI } from "../helpers/cli.js";
import { addOpensslStandIn } from "../helpers/openssl-stand-in.js";
import { KIMI_KEY, MOONSHOT_CN_KEY, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const NOT_RUN: Record<string, string> = {
  "openclaw gateway": "a server: runs until stopped",
  "openclaw gateway --port 18789": "a server: runs until stopped",
  "openclaw gateway --port 8080 --bind lan": "a server: runs until stopped",
  "openclaw gateway --port 0 --json": "a server: runs until stopped",
  "openclaw gateway --log-requests": "a server: runs until stopped",
  "HTTPS_PROXY=http://proxy.example:3128 NO_PROXY=.example.com openclaw gateway":
    "a server: runs until stopped",
  'curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:18789/v1/models':
    "asks a running gateway",
  "TOKEN=$(openclaw config get gateway.auth.token --reveal)":
    "reads the token a gateway's first start writes (the curl after it asks that gateway)",
  "export OPENCLAW_GATEWAY_TOKEN=$(openclaw config get gateway.auth.token --reveal)":
    "reads the token a gateway's first start writes (its comment says so)",
  "openclaw chat": "a chat: waits for the person at the terminal",
  "openclaw chat --model moonshot/kimi-k2.5 --thinking off":
    "a chat: waits for the person at the terminal",
  "openclaw chat --session-id project-notes --tools":
    "a chat: waits for the person at the terminal",
  "openclaw chat --model moonshot/kimi-k2.5 --web-search":
    "a chat: waits for the person at the terminal",
  "openclaw onboard --auth-choice moonshot-api-key": "asks its questions on a terminal",
  "openclaw onboard --auth-choice kimi-code-api-key": "asks its questions on a terminal",
  'openclaw onboard --non-interactive --accept-risk --auth-choice custom-api-key --custom-model-id my-model --custom-base-url https://llm.example.com/v1 --custom-api-key "$KEY"':
    "checks llm.example.com, a host outside the test",
};

/** What the shell has when the examples run, as their text assumes ($KEY, $MOONSHOT_API_KEY). */
const SHELL_KEYS = { KEY: MOONSHOT_KEY, MOONSHOT_API_KEY: MOONSHOT_CN_KEY };

function everyCommand(command: Command, path: string[] = []): Array<[string, Command]> {
  const name = [...path, command.name()].join(" ");
  return [
    [name, command],
    ...command.commands
      .filter((sub) => sub.name() !== "help")
      .flatMap((sub) => everyCommand(sub, [...path, command.name()])),
  ];
}

/** The examples of a command's --help as shell lines: continuations joined, comments dropped. */
function examplesOf(command: Command): string[] {
  let text = "";
  command.configureOutput({
    writeOut: (chunk) => (text += chunk),
    writeErr: () => {},
    getOutHelpWidth: () => 200,
  });
  command.outputHelp();
  const start = text.search(/Examples?:\n/);
  if (start < 0) return [];
  const block = text.slice(start).split("\n").slice(1);
  const end = block.findIndex((line) => !line.startsWith("  "));
  const lines: string[] = [];
  let pending = "";
  for (const raw of block.slice(0, end < 0 ? block.length : end)) {
    const line = `${pending}${pending ? " " : ""}${raw.trim()}`;
    if (line.endsWith("\\")) {
      pending = line.slice(0, -1).trimEnd();
      continue;
    }
    pending = "";
    // A comment follows the command after two spaces or more: `openclaw usage   # who spent…`.
    lines.push(line.replace(/\s{2,}# .*$/, ""));
  }
  return lines;
}

interface ShellResult {
  code: number | null;
  output: string;
}

function runShell(line: string, cwd: string, env: Record<string, string>): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    // pipefail: `openclaw … --json | jq …` fails when openclaw does.
    const child = spawn("bash", ["-o", "pipefail", "-c", line], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    // A safety net against a hang, far above any example's run even on a loaded machine.
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

let ai: Simulator;
let cn: Simulator;
let root: string;
let template: string;
let bin: string;
let baseEnv: Record<string, string>;

beforeAll(async () => {
  ai = await startSimulator({ region: "ai" });
  cn = await startSimulator({ region: "cn" });
  root = mkdtempSync(join(tmpdir(), "openclaw-help-examples-"));
  // `openclaw` on PATH is this build, as an installed one would be.
  bin = join(root, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "openclaw"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, {
    mode: 0o755,
  });
  if (spawnSync("sh", ["-c", "command -v jq"]).status !== 0) {
    // Where jq is not installed, a stand-in that fails as jq does on input that is not JSON.
    writeFileSync(
      join(bin, "jq"),
      `#!/bin/sh\nexec "${process.execPath}" -e 'let s="";process.stdin.on("data",(c)=>s+=c).on("end",()=>{try{JSON.parse(s)}catch{process.exit(5)}})'\n`,
      { mode: 0o755 },
    );
  }
  addOpensslStandIn(bin);
  baseEnv = {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    NO_COLOR: "1",
    OPENCLAW_MOONSHOT_AI_BASE_URL: ai.moonshotBaseUrl,
    OPENCLAW_MOONSHOT_CN_BASE_URL: cn.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: ai.kimiCodeBaseUrl,
  };
  template = join(root, "template");
  mkdirSync(template);
  const env = { ...baseEnv, HOME: template, OPENCLAW_STATE_DIR: template };
  const onboard = "openclaw onboard --non-interactive --accept-risk --auth-choice";
  for (const line of [
    `${onboard} kimi-code-api-key --kimi-code-api-key ${KIMI_KEY}`,
    `${onboard} moonshot-api-key --moonshot-api-key ${MOONSHOT_KEY}`,
  ]) {
    const result = await runShell(line, template, env);
    expect(result.code, result.output).toBe(0);
  }
  // The files the examples name.
  writeFileSync(
    join(template, "photo.png"),
    Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    ),
  );
  writeFileSync(join(template, "question.txt"), "What is 2 + 2?\n");
  writeFileSync(join(template, "package.json"), '{ "name": "example", "version": "1.0.0" }\n');
}, 120_000);

afterAll(async () => {
  await ai?.close();
  await cn?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const commands = everyCommand(buildProgram()).filter(([, command]) =>
  examplesOf(command).some((line) => !(line in NOT_RUN)),
);

describe("every --help example runs as written on a freshly onboarded setup", () => {
  it("lists in NOT_RUN only examples that exist", () => {
    const all = new Set(everyCommand(buildProgram()).flatMap(([, c]) => examplesOf(c)));
    expect(Object.keys(NOT_RUN).filter((line) => !all.has(line))).toEqual([]);
  });

  it.each(commands)(
    "%s",
    async (_name, command) => {
      const dir = join(root, `state-${Math.random().toString(36).slice(2)}`);
      cpSync(template, dir, { recursive: true });
      const env = { ...baseEnv, ...SHELL_KEYS, HOME: dir, OPENCLAW_STATE_DIR: dir };
      for (const line of examplesOf(command)) {
        if (line in NOT_RUN) continue;
        const result = await runShell(line, dir, env);
        expect(result.code, `${line}\n${result.output}`).toBe(0);
      }
    },
    300_000,
  );
});
