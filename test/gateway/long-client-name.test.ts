/**
 * `user` (and a Responses request's safety_identifier) has no length limit in OpenAI's API, and a
 * request's ledger row keeps it as the client: a row keeps at most 256 characters of it, with how
 * long it was, so that a client naming itself in megabytes cannot grow the ledger by as much.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_LEDGER_CLIENT_LENGTH } from "../../src/gateway/request-record.js";
import {
  chatStatus,
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

async function clients(count: number): Promise<string[]> {
  await eventually(
    async () =>
      (await ledgerQuery<{ n: number }>(env, "SELECT COUNT(*) AS n FROM requests"))[0]?.n === count,
    5000,
    `${count} ledger rows`,
  );
  const rows = await ledgerQuery<{ client: string }>(
    env,
    "SELECT client FROM requests ORDER BY id",
  );
  return rows.map((row) => row.client);
}

describe("a client's name in the ledger", () => {
  it("keeps a name up to 256 characters whole, and the start and length of a longer one", async () => {
    const fits = `app-${"a".repeat(MAX_LEDGER_CLIENT_LENGTH - 4)}`;
    const long = `editor-plugin-${"b".repeat(100_000)}`;
    expect(await chatStatus(env.gateway.url, "hi", fits)).toBe(200);
    expect(await chatStatus(env.gateway.url, "hi", long)).toBe(200);
    // A body refused (400) still names its client in its row, bounded the same way.
    const refused = await fetch(`${env.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "moonshot/kimi-k2.5", messages: "hi", user: long }),
    });
    expect(refused.status).toBe(400);
    await refused.text();

    const [whole, served, refusedClient] = await clients(3);
    expect(whole).toBe(fits);
    for (const client of [served, refusedClient]) {
      expect(client?.length).toBe(MAX_LEDGER_CLIENT_LENGTH);
      expect(client?.startsWith("editor-plugin-bbbb")).toBe(true);
      expect(client?.endsWith(`… (${long.length} characters)`)).toBe(true);
    }
  });

  it("never keeps half of a character written as two UTF-16 units", async () => {
    // One letter first, so that the cut falls between the two halves of an emoji.
    const name = `x${"🙂".repeat(300)}`;
    expect(await chatStatus(env.gateway.url, "hi", name)).toBe(200);
    const client = (await clients(4))[3] ?? "";
    const start = client.slice(0, client.indexOf("…"));
    expect(start.startsWith("x🙂")).toBe(true);
    expect([...start.slice(1)].every((char) => char === "🙂")).toBe(true);
    expect(client.endsWith(`… (${name.length} characters)`)).toBe(true);
  });
});
