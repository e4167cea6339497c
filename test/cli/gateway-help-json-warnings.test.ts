/**
 * `openclaw gateway --help` on --json said that "warnings come as log events"; a supervisor
 * reading the start's JSON then found none: what the start warns of (a problem of the config, a
 * provider without a key, no default) is in the "listening" event's fields. The help now names
 * them, and this checks it against a real start: the problem is in "listening", no "log" event
 * carries it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { killGatewayProcesses, spawnGateway } from "../helpers/gateway-process.js";
import { eventually } from "../helpers/wait.js";

const dirs: string[] = [];
afterEach(() => killGatewayProcesses());
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function gatewayHelp(): string {
  const gateway = buildProgram().commands.find((command) => command.name() === "gateway");
  let text = "";
  gateway?.configureOutput({ writeOut: (chunk) => (text += chunk), getOutHelpWidth: () => 300 });
  gateway?.outputHelp();
  return text.replace(/\s+/g, " ");
}

describe("gateway --help on the start's JSON warnings", () => {
  it("says they are in the listening event, as a start with a problem shows", async () => {
    const help = gatewayHelp();
    expect(help).toContain(
      'What the start warns of is in "listening" (problems, noDefault, providersWithoutKey, keylessDefaults, keylessProviders); warnings after it (a reload, a provider\'s model list) come as "log" events.',
    );
    expect(help).not.toContain('and warnings come as "log" events');

    const dir = mkdtempSync(join(tmpdir(), "openclaw-help-json-"));
    dirs.push(dir);
    writeFileSync(
      join(dir, "openclaw.json"),
      "{ models: { providers: { moonshot: { apiKey: 'sk-fake-abc-01' } } },\n  agents: { defaults: { model: 'moonshot/kimi-k2.5', models: { 'moonshot/kimi-k2.5': { params: { max_tokens: 4096 } } } } },\n  gateway: { auth: { mode: 'token', token: 'test-gateway-token-help-01' } } }\n",
    );
    const cli = spawnGateway(
      { PATH: process.env.PATH, HOME: dir, OPENCLAW_STATE_DIR: dir, NO_COLOR: "1", TZ: "UTC" },
      ["--json"],
    );
    const events = () =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { event: string; problems?: { where: string }[] });
    await eventually(
      () => events().some((event) => event.event === "listening"),
      15_000,
      "the listening event",
    );
    const listening = events().find((event) => event.event === "listening");
    expect(listening?.problems?.map((problem) => problem.where)).toContain(
      'agents.defaults.models["moonshot/kimi-k2.5"].params.max_tokens',
    );
    expect(cli.stdout()).not.toMatch(/"event":"log"[^\n]*max_tokens/);
  });
});
