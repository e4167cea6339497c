/**
 * A chat route's request count in /metrics is its chat requests, each a ledger row, so it agrees
 * with `openclaw usage`. A GET to /v1/chat/completions (or any method but POST, on any of the
 * three chat routes) never reaches the chat handler and writes no ledger row: it is counted under
 * route="other". It was counted under the chat route, so /metrics said more than the ledger.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startGateway } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { parseExposition } from "../helpers/prometheus-text.js";
import { tempDir } from "../helpers/tmp.js";

const TOKEN = "test-gateway-token-h8-0001";
const CHAT_ROUTES = ["/v1/chat/completions", "/v1/messages", "/v1/responses"];

describe("chat routes in /metrics and in the ledger", () => {
  it("a 405 is counted under route=other with no ledger row; a 400 under its route with one", async () => {
    const state = tempDir();
    writeFileSync(
      join(state, "openclaw.json"),
      JSON.stringify({ gateway: { auth: { mode: "token", token: TOKEN } } }),
    );
    const gateway = await startGateway({
      env: { OPENCLAW_STATE_DIR: state },
      port: 0,
      watch: false,
      log: () => {},
    });
    let metricsText = "";
    try {
      const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
      for (const route of CHAT_ROUTES) {
        const wrongMethod = await fetch(`${gateway.url}${route}`, { headers });
        expect(wrongMethod.status).toBe(405);
        const empty = await fetch(`${gateway.url}${route}`, { method: "POST", headers });
        expect(empty.status).toBe(400);
      }
      metricsText = await (await fetch(`${gateway.url}/metrics`, { headers })).text();
    } finally {
      await gateway.close();
    }
    const requests = parseExposition(metricsText).families.get("openclaw_gateway_requests_total");
    const counted = (route: string, status: string) =>
      requests?.samples.find(
        (sample) => sample.labels.route === route && sample.labels.status === status,
      )?.value ?? 0;
    for (const route of ["chat_completions", "messages", "responses"]) {
      expect(counted(route, "405")).toBe(0);
      expect(counted(route, "400")).toBe(1);
    }
    expect(counted("other", "405")).toBe(3);
    const chatRequests = (requests?.samples ?? [])
      .filter((sample) => sample.labels.route !== "other")
      .reduce((sum, sample) => sum + sample.value, 0);

    const usage = await runCli(["usage", "--last", "50", "--json"], {
      env: { OPENCLAW_STATE_DIR: state },
    });
    expect(usage.code).toBe(0);
    const rows = (JSON.parse(usage.stdout) as { requests: { status: number }[] }).requests;
    expect(rows.map((row) => row.status)).toEqual([400, 400, 400]);
    expect(chatRequests).toBe(rows.length);
  });
});
