/**
 * The usage ledger's database kept locked by another program (a backup tool, `sqlite3` left in a
 * transaction) while the gateway serves. Each hand-over of rows then fails after SQLite's busy
 * wait, and the log said so at every failure, and nothing when writes worked again. Now it says
 * the failure once, and says when the ledger is written again and whether any row was lost.
 */
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv | undefined;

afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function ask(env: GatewayEnv, text: string): Promise<void> {
  await env.client().chat.completions.create({
    model: "moonshot/kimi-k2.5",
    messages: [{ role: "user", content: text }],
  });
}

describe("a usage ledger that cannot be written for a while", () => {
  it("says the failure once, then that it is written again with no row lost", async () => {
    const lines: string[] = [];
    env = await startGatewayEnv({ start: { log: (line) => lines.push(line) } });
    const running = env;
    await ask(running, "before the lock");
    await running.gateway.ledger?.flush();

    const locker = new Database(running.gateway.ledgerPath ?? "");
    locker.exec("BEGIN EXCLUSIVE");
    try {
      await ask(running, "while locked 1");
      const failing = () =>
        lines.filter((line) => line.includes("could not write the usage ledger"));
      await eventually(() => failing().length === 1, 20_000, "the first failed write");
      await ask(running, "while locked 2");
      // Long enough for the next hand-over to wait out SQLite's 5 s busy timeout and fail too.
      await new Promise((resolve) => setTimeout(resolve, 6_500));
      expect(failing()).toHaveLength(1);
      expect(failing()[0]).toContain("rows kept in memory");
    } finally {
      locker.exec("ROLLBACK");
      locker.close();
    }

    await eventually(
      () => lines.some((line) => line.includes("usage ledger is written again")),
      20_000,
      "the ledger written again",
    );
    expect(lines.join("\n")).toMatch(
      /the usage ledger is written again after [2-9]\d* failed writes; no rows were lost/,
    );
    const rows = await ledgerQuery<{ n: number }>(running, "SELECT count(*) AS n FROM requests");
    expect(rows[0]?.n).toBe(3);
  }, 60_000);

  it("rows its writer could not take are said to be lost, not kept in memory for later", async () => {
    const lines: string[] = [];
    env = await startGatewayEnv({ start: { log: (line) => lines.push(line) } });
    const running = env;
    const ledger = running.gateway.ledger;
    if (!ledger) throw new Error("the gateway opened no ledger");
    // The writer thread dies (as after a native crash): nothing will ever write these rows.
    await (ledger as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await ask(running, "after the writer died");
    await ledger.flush();
    const said = lines.filter((line) => line.includes("usage ledger"));
    expect(said).toEqual([
      "gateway: usage ledger: the writer stopped; 1 row not written\n  hint: later rows are not written either: restart the gateway to write the usage ledger again",
    ]);
  });
});
