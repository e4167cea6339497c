/**
 * The `openclaw gateway --help` example that sets a token of one's own, run as written on a setup
 * whose first start already saved `gateway.auth.token` (every first start does). Before, the
 * example was `OPENCLAW_GATEWAY_TOKEN=$(openssl rand -hex 32) openclaw gateway   # clients send
 * it`: the saved token won, the start warned that clients sending the variable's token are
 * refused, and they got 401. Now the example sets gateway.auth.token, which the gateway serves.
 * The example's gateway (or, for an example that only sets the token, the next one started) runs
 * on a port the OS picks and stops at its `listening` event.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { CLI } from "../helpers/cli.js";
import { addOpensslStandIn } from "../helpers/openssl-stand-in.js";
import { tempDir } from "../helpers/tmp.js";

const SAVED = "saved-by-a-first-start-0123456789abcdef";

function gatewayExamples(): string[] {
  const gateway = buildProgram().commands.find((command) => command.name() === "gateway");
  let text = "";
  gateway?.configureOutput({ writeOut: (chunk) => (text += chunk), getOutHelpWidth: () => 300 });
  gateway?.outputHelp();
  const block = text
    .slice(text.search(/Examples?:\n/))
    .split("\n")
    .slice(1);
  const end = block.findIndex((line) => !line.startsWith("  "));
  return block.slice(0, end).map((line) => line.trim().replace(/\s{2,}# .*$/, ""));
}

/** Runs `script` in bash until the gateway it starts says `listening`; its stdout and stderr. */
function runUntilListening(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const seen = (chunk: string) => {
      output += chunk;
      if (output.includes('"event":"listening"')) child.kill("SIGTERM");
    };
    child.stdout.setEncoding("utf8").on("data", seen);
    child.stderr.setEncoding("utf8").on("data", seen);
    // A safety net against a hang, far above a start even on a loaded machine.
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      resolve(output);
    });
  });
}

describe("openclaw gateway --help: the example of a token of one's own", () => {
  it("gives a gateway that serves that token after a first start saved another", async () => {
    const examples = gatewayExamples().filter((line) => line.includes("openssl rand"));
    expect(examples).toHaveLength(1);
    const example = examples[0] as string;

    const dir = tempDir("h19-help-token-");
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "openclaw"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, {
      mode: 0o755,
    });
    // The same token maker on every machine, openssl installed or not.
    addOpensslStandIn(bin, true);
    const configPath = join(dir, "openclaw.json");
    writeFileSync(
      configPath,
      JSON.stringify({ gateway: { auth: { mode: "token", token: SAVED } } }),
    );
    const env = {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      HOME: dir,
      OPENCLAW_STATE_DIR: dir,
      NO_COLOR: "1",
    };
    // The example's own gateway, else the next start, on a port the OS picks.
    const start = "exec openclaw gateway --port 0 --json";
    const script = /openclaw gateway$/.test(example)
      ? example.replace(/openclaw gateway$/, start)
      : `${example} && ${start}`;
    const output = await runUntilListening(script, env);

    expect(output).toContain('"event":"listening"');
    expect(output).not.toContain("warning");
    const token = (
      JSON.parse(readFileSync(configPath, "utf8")) as {
        gateway: { auth: { token: string } };
      }
    ).gateway.auth.token;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(output).not.toContain(token);
  }, 90_000);
});
