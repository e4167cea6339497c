/**
 * /v1/messages with the request shapes the real Claude Code (2.1.197, `claude -p`) was recorded
 * sending to the gateway, cut down to what matters: its beta header, a system message among the
 * turns (`mid-conversation-system-2026-04-07`: the agent types it can start, after the first user
 * turn), `context_management`, `output_config` and `thinking: {"type":"adaptive"}`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

type Obj = Record<string, unknown>;

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({});
});
afterAll(async () => {
  await env?.close();
});

/** The headers Claude Code 2.1.197 sent (less the stainless ones), with ANTHROPIC_AUTH_TOKEN set. */
const RECORDED_HEADERS = {
  authorization: `Bearer ${GATEWAY_TOKEN}`,
  accept: "application/json",
  "content-type": "application/json",
  "anthropic-version": "2023-06-01",
  "anthropic-beta":
    "claude-code-20250219,interleaved-thinking-2025-05-14,thinking-token-count-2026-05-13,context-management-2025-06-27,prompt-caching-scope-2026-01-05,mid-conversation-system-2026-04-07,effort-2025-11-24",
  "x-app": "cli",
  "user-agent": "claude-cli/2.1.197 (external, sdk-cli)",
};

const AGENT_TYPES =
  "Available agent types for the Agent tool:\n- claude: Catch-all for any task that doesn't fit a more specific agent.";

/** The first request of `claude -p "say hi"`, its prompts shortened. */
function recordedFirstTurn(): Obj {
  return {
    model: "moonshot/kimi-k2.5",
    messages: [
      {
        role: "user",
        content: [
          {
            type: "text",
            text: "<system-reminder>\nToday's date is 2026-12-02.\n</system-reminder>\n",
          },
          { type: "text", text: "say hi", cache_control: { type: "ephemeral" } },
        ],
      },
      { role: "system", content: AGENT_TYPES },
    ],
    system: [
      {
        type: "text",
        text: "x-anthropic-billing-header: cc_version=2.1.197.123; cc_entrypoint=sdk-cli;",
      },
      { type: "text", text: "You are a Claude agent, built on Anthropic's Claude Agent SDK." },
    ],
    metadata: {
      user_id:
        '{"device_id":"0ec972a9b97cca3fa5ab239494f0a3ecbf7e2b3761f90a5b91df5937fb1d1029","account_uuid":"","session_id":"c0165579-178c-4ce2-8d02-c2d8bfc16a1c"}',
    },
    max_tokens: 32000,
    thinking: { type: "adaptive" },
    context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
    output_config: { effort: "high" },
    stream: true,
  };
}

async function post(body: Obj): Promise<{ status: number; text: string }> {
  const response = await fetch(`${env.gateway.url}/v1/messages?beta=true`, {
    method: "POST",
    headers: RECORDED_HEADERS,
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe("Claude Code's recorded requests", () => {
  it("answers a conversation holding a system message among its turns, which goes upstream where it stood", async () => {
    const { status, text } = await post(recordedFirstTurn());
    expect(status, text).toBe(200);
    expect(text).toContain("event: message_stop");
    expect(text).toContain("Echo: ");
    const upstream = env.sim.chatRequests().at(-1)?.body as { messages: Obj[] };
    expect(upstream.messages.map((m) => m.role)).toEqual(["system", "user", "system"]);
    expect(upstream.messages[2]?.content).toBe(AGENT_TYPES);
  });

  it("takes the system message's content as text blocks too, and names a block that is not text", async () => {
    const body = recordedFirstTurn();
    const messages = body.messages as Obj[];
    messages[1] = { role: "system", content: [{ type: "text", text: AGENT_TYPES }] };
    expect((await post(body)).status).toBe(200);

    messages[1] = { role: "system", content: [{ type: "image", source: {} }] };
    const refused = await post(body);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error.message).toContain(
      "messages[1].content[0] must be a text block",
    );
  });

  it("still refuses a role that is none of user, assistant and system, naming the roles it takes", async () => {
    const body = recordedFirstTurn();
    (body.messages as Obj[])[1] = { role: "tool", content: "x" };
    const refused = await post(body);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error.message).toBe(
      'messages[1].role must be user, assistant or system; got "tool": a tool\'s result goes in the user message after the tool_use, as a block {"type": "tool_result", "tool_use_id": "…", "content": "…"}',
    );
  });

  it("records the client as the device its JSON user_id names, one row for all its sessions", async () => {
    const body = recordedFirstTurn();
    expect((await post(body)).status).toBe(200);
    body.metadata = {
      user_id:
        '{"device_id":"0ec972a9b97cca3fa5ab239494f0a3ecbf7e2b3761f90a5b91df5937fb1d1029","account_uuid":"","session_id":"843bf60b-3742-4a28-bd57-f449c30a6add"}',
    };
    expect((await post(body)).status).toBe(200);
    const rows = await ledgerQuery<{ client: string }>(
      env,
      "SELECT client FROM requests ORDER BY id DESC LIMIT 2",
    );
    expect(rows).toEqual([
      { client: "claude-code/0ec972a9b97cca3f" },
      { client: "claude-code/0ec972a9b97cca3f" },
    ]);
    const upstream = env.sim.chatRequests().at(-1)?.body as Obj | undefined;
    expect(upstream?.user).toBe("claude-code/0ec972a9b97cca3f");

    body.metadata = { user_id: '{"device_id":"0ec9","account_uuid":"4f1d-acc","session_id":"s"}' };
    expect((await post(body)).status).toBe(200);
    const [row] = await ledgerQuery<{ client: string }>(
      env,
      "SELECT client FROM requests ORDER BY id DESC LIMIT 1",
    );
    expect(row?.client).toBe("claude-code/4f1d-acc");
  });

  it("records a refused request's client as its device too, not the session's whole user_id", async () => {
    const body = recordedFirstTurn();
    body.metadata = {
      user_id:
        '{"device_id":"55d23d207fc74662b9d521eb8998cf5e16675a255c57e627dbd8e0a1f31e303c","account_uuid":"","session_id":"fcf67c30-7228-4932-8484-cdf0ff7e7ce1"}',
    };
    (body.messages as Obj[])[1] = { role: "tool", content: "x" };
    expect((await post(body)).status).toBe(400);
    const [row] = await ledgerQuery<{ client: string; status: number }>(
      env,
      "SELECT client, status FROM requests ORDER BY id DESC LIMIT 1",
    );
    expect(row).toEqual({ client: "claude-code/55d23d207fc74662", status: 400 });
  });

  it("leaves out its billing block, whose version suffix changes each session, so every session's prompt starts the same", async () => {
    const upstreamSystems: unknown[] = [];
    for (const suffix of ["123", "476"]) {
      const body = recordedFirstTurn();
      (body.system as Obj[])[0] = {
        type: "text",
        text: `x-anthropic-billing-header: cc_version=2.1.197.${suffix}; cc_entrypoint=sdk-cli;`,
      };
      expect((await post(body)).status).toBe(200);
      const upstream = env.sim.chatRequests().at(-1)?.body as { messages: Obj[] } | undefined;
      upstreamSystems.push(upstream?.messages[0]?.content);
    }
    expect(upstreamSystems[0]).toBe(
      "You are a Claude agent, built on Anthropic's Claude Agent SDK.",
    );
    expect(upstreamSystems[1]).toBe(upstreamSystems[0]);
  });
});
