/**
 * `openclaw gateway` stopped (SIGTERM, Ctrl-C) while its usage ledger cannot be written: another
 * program holds SQLite's lock on it (a `sqlite3` shell left in a transaction, a backup). The drain
 * ended with a bare "stopped", as if every row were written, while the rows kept in memory were
 * lost with the process: `openclaw usage` missed those requests and nothing said so. Now the last
 * line counts them, as a second signal's line does. The built CLI, its own process, the simulator.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, simConfig } from "../gateway/harness.js";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import { spawnGateway, startGatewayProcess } from "../helpers/gateway-process.js";
import { eventually } from "../helpers/wait.js";

const suite = useBuiltGatewaySuite();

async function chat(url: string): Promise<number> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  await response.text();
  return response.status;
}

describe("a gateway stopped while another program locks its usage ledger", () => {
  it("says on its last line how many ledger rows were lost, and still exits 0", async () => {
    const state = suite.stateDir("openclaw-gw-unwritten-", simConfig(suite.sim));
    const gateway = spawnGateway(state.env, ["--json"]);
    const events = () =>
      gateway
        .stdout()
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as { event: string; url?: string });
    await eventually(() => events().some((e) => e.event === "listening"), 50_000, "listening");
    const url = events().find((e) => e.event === "listening")?.url ?? "";
    const holder = new Database(join(state.dir, "usage.sqlite"));
    try {
      holder.exec("BEGIN EXCLUSIVE");
      expect(await chat(url)).toBe(200);
      await eventually(
        () => gateway.stdout().includes("could not write the usage ledger"),
        30_000,
        "the ledger's write failure",
      );
      gateway.child.kill("SIGTERM");
      expect(await gateway.exited).toBe(0);
    } finally {
      holder.close();
    }
    expect(events().at(-1)).toMatchObject({ event: "stopped", cancelled: 0, unwritten: 1 });
  });

  it("words it on stderr without --json", async () => {
    const state = suite.stateDir("openclaw-gw-unwritten-text-", simConfig(suite.sim));
    const gateway = await startGatewayProcess(state.env);
    const holder = new Database(join(state.dir, "usage.sqlite"));
    try {
      holder.exec("BEGIN EXCLUSIVE");
      expect(await chat(gateway.url)).toBe(200);
      await eventually(
        () => gateway.stderr().includes("could not write the usage ledger"),
        30_000,
        "the ledger's write failure",
      );
      gateway.child.kill("SIGINT");
      expect(await gateway.exited).toBe(0);
    } finally {
      holder.close();
    }
    expect(gateway.stderr().trim().split("\n").at(-1)).toBe(
      "stopped; 1 usage ledger row could not be written, so openclaw usage leaves those requests out",
    );
  });
});
