/**
 * `openclaw gateway --json` started with no default model: the `listening` event says why there
 * is none and what to do (`noDefault`), as the text output's warning does, beside
 * `defaultModel: null`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { gatewayEnv, killGatewayProcesses, spawnGateway } from "../helpers/gateway-process.js";
import { eventually } from "../helpers/wait.js";

const dirs: string[] = [];
afterEach(() => killGatewayProcesses());
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function listeningOf(stdout: string): Record<string, unknown> | undefined {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((event) => event.event === "listening");
}

describe("gateway --json with no default model", () => {
  it("says why there is none and what to do in the listening event", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openclaw-json-no-default-"));
    dirs.push(dir);
    const cli = spawnGateway(gatewayEnv(dir, { moonshot: "", kimiCode: "" }), ["--json"]);
    await eventually(() => listeningOf(cli.stdout()) !== undefined, 40_000, "the listening event");
    const listening = listeningOf(cli.stdout());
    expect(listening?.defaultModel).toBeNull();
    expect(listening?.noDefault).toEqual({
      message: "no default model is set (agents.defaults.model.primary)",
      hint: expect.stringContaining("openclaw onboard --auth-choice moonshot-api-key"),
    });
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  }, 60_000);
});
