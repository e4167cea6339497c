/**
 * A gateway start line whose first word is too wide for the room beside its label but not for
 * the terminal (`usage ledger: <path>` on a 40-column terminal): the word goes under the label on
 * a line of its own, whole, as doctor's and the warnings' do. Before, it stayed beside the label
 * and the line ran past the edge (49 cells at COLUMNS=40). The built CLI, its own process.
 */
import { afterEach, describe, expect, it } from "vitest";
import { fitOperatorLines } from "../../src/cli/commands/gateway-lines.js";
import { displayWidth } from "../../src/cli/display-width.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";

afterEach(() => killGatewayProcesses());

describe("a gateway line with a path too wide beside its label", () => {
  it("puts the ledger's path under 'usage ledger:' on a terminal a cell narrower than the line", async () => {
    const dir = tempDir("gw-");
    const ledger = `${dir}/usage.sqlite`;
    // Too wide beside the label by one cell, not for the terminal: the case this is about.
    const columns = displayWidth(`usage ledger: ${ledger}`) - 1;
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_HOME: dir,
      NO_COLOR: "1",
      COLUMNS: String(columns),
    });
    await eventually(
      () => gateway.stderr().includes("Claude Code (ANTHROPIC_BASE_URL)"),
      5000,
      "the start-up report's last line",
    );
    gateway.child.kill("SIGTERM");
    expect(await gateway.exited).toBe(0);
    const lines = gateway.stderr().split("\n");
    const label = lines.indexOf("usage ledger:");
    expect(label, gateway.stderr()).toBeGreaterThanOrEqual(0);
    expect(lines[label + 1]).toBe(`  ${ledger}`);
  });

  it("keeps a path beside its label when it fits there, or when no line would hold it", () => {
    expect(fitOperatorLines("usage ledger: /srv/gw/usage.sqlite", 40)).toBe(
      "usage ledger: /srv/gw/usage.sqlite",
    );
    const wide = "usage ledger: /home/someone/.openclaw/usage.sqlite";
    expect(fitOperatorLines(wide, 30)).toBe(wide);
  });
});
