/**
 * `openclaw usage` counts only requests sent through the gateway: `agent` and `chat` call the
 * provider directly. Before, only the note of a state dir with no ledger yet said so; a person who
 * had run a gateway once, then used `agent`, read "no requests" (or totals without those calls)
 * and --help that never told. Now --help says it, the report's footer says "gateway requests",
 * and an empty report says why agent and chat calls are not there; a report with rows says no
 * more than its footer.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";
import { tempDir } from "../helpers/tmp.js";

const NOT_RECORDED = "(openclaw agent and chat call the provider directly and are not recorded)";

function state(): { dir: string; env: Record<string, string> } {
  const dir = tempDir("openclaw-usage-gateway-only-");
  return { dir, env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, TZ: "UTC", COLUMNS: "400" } };
}

describe("openclaw usage says it counts gateway requests only", () => {
  it("--help says agent and chat are not in the ledger", async () => {
    const help = await runCli(["usage", "--help"], { env: state().env });
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      "Only requests sent through openclaw gateway are counted: openclaw agent and openclaw chat call the provider directly and are not in the ledger",
    );
  });

  it("an empty ledger's report says agent and chat are not recorded, totals and lists alike", async () => {
    const { dir, env } = state();
    // An empty file is a ledger the gateway sets up as new (a gateway has started here).
    writeFileSync(join(dir, "usage.sqlite"), "");
    for (const args of [["usage"], ["usage", "--last", "5"]]) {
      const result = await runCli(args, { env });
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: 0,
        stderr: "",
      });
      expect(result.stdout).toMatch(/^no gateway requests since /);
      expect(result.stdout).toContain(NOT_RECORDED);
    }
  });

  it("a report with rows says gateway requests in its footer, without the note", async () => {
    const { dir, env } = state();
    const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
    ledger.record(ledgerRow({ modelUsed: "moonshot/kimi-k2.5", ts: Date.now() - 60_000 }));
    await ledger.close();
    const result = await runCli(["usage"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^moonshot\/kimi-k2\.5\s+1\s/m);
    expect(result.stdout).toMatch(/^gateway requests since \S+ \S+ \(local time, UTC\) · /m);
    expect(result.stdout).not.toContain("agent and chat");
  });
});
