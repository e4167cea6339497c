/**
 * /v1/messages: the `metadata.user_id` earlier Claude Code versions send, one string
 * `user_<device>_account_<account>_session_<session>` with a new session each run, is recorded as
 * its account, else its device, as the JSON one of Claude Code 2.x is: one row per machine in
 * `openclaw usage --by client`, not one per session.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({});
});
afterAll(async () => {
  await env?.close();
});

const DEVICE = "5dd07c33da27e6d2968d94ea20bf47a7b090b6b158b82328d54da2909a108e84";

async function send(userId: string): Promise<void> {
  const response = await fetch(`${env.gateway.url}/v1/messages?beta=true`, {
    method: "POST",
    headers: {
      "x-api-key": GATEWAY_TOKEN,
      "content-type": "application/json",
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14",
      "user-agent": "claude-cli/1.0.128 (external, cli)",
    },
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      max_tokens: 32000,
      system: [
        { type: "text", text: "You are Claude Code.", cache_control: { type: "ephemeral" } },
      ],
      messages: [{ role: "user", content: "hi" }],
      metadata: { user_id: userId },
      stream: true,
    }),
  });
  expect(response.status).toBe(200);
  await response.text();
}

async function lastClients(count: number): Promise<string[]> {
  const rows = await ledgerQuery<{ client: string }>(
    env,
    "SELECT client FROM requests ORDER BY id DESC LIMIT ?",
    count,
  );
  return rows.map((row) => row.client);
}

describe("Claude Code's earlier user_id string", () => {
  it("is recorded as its device, the same for two sessions, and goes upstream so", async () => {
    await send(`user_${DEVICE}_account__session_d2e70091-3007-41a3-a916-cb8b0d3098de`);
    await send(`user_${DEVICE}_account__session_c31ac7cf-56a7-4c0a-b363-2b726377687d`);
    expect(await lastClients(2)).toEqual([
      "claude-code/5dd07c33da27e6d2",
      "claude-code/5dd07c33da27e6d2",
    ]);
    const upstream = env.sim.chatRequests().at(-1)?.body as { user?: unknown };
    expect(upstream.user).toBe("claude-code/5dd07c33da27e6d2");
  });

  it("is recorded as its account when it names one", async () => {
    await send(
      `user_${DEVICE}_account_4b7d0f1e-9c2a-4e6b-8d3f-1a2b3c4d5e6f_session_7581b58b-1234-5678-9abc-def012345678`,
    );
    expect(await lastClients(1)).toEqual(["claude-code/4b7d0f1e-9c2a-4e6b-8d3f-1a2b3c4d5e6f"]);
  });

  it("leaves another client's id that only looks alike as it came", async () => {
    await send("user_alice_account_team_session_one");
    expect(await lastClients(1)).toEqual(["user_alice_account_team_session_one"]);
  });
});
