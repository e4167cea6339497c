/**
 * What Claude Code 2.1.197 sends beside the conversation (recorded through the gateway):
 * `context_management` and `output_config: {"effort":"high"}`, Anthropic's own fields. They went
 * to Moonshot's chat API as they came; now the effort is the thinking level chat's
 * `reasoning_effort` asks for, and the rest is left out and named in x-openclaw-notes. Real
 * sockets, the simulator.
 */
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";
import { startKimiCodeOverAnthropic } from "./kimi-code-over-anthropic.js";

type Obj = Record<string, unknown>;

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ start: { log: () => {} } });
});
afterAll(async () => {
  await env?.close();
});

function notesOf(response: Pick<Response, "headers">): string[] {
  const value = response.headers.get("x-openclaw-notes") ?? "";
  return value === "" ? [] : value.split(",").map((entry) => decodeURIComponent(entry.trim()));
}

function lastUpstream(): Obj {
  return (env.sim.chatRequests().at(-1)?.body ?? {}) as Obj;
}

const SAY_HI = [{ role: "user", content: "say hi" }];

describe("Anthropic-only fields of a /v1/messages request", () => {
  it("leaves out context_management and unknown fields instead of sending them to the provider, and names each", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: SAY_HI,
      context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
      service_tier: "auto",
      cache_control: { type: "ephemeral" },
      speculative_field: 1,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const upstream = lastUpstream();
    expect(upstream).not.toHaveProperty("context_management");
    expect(upstream).not.toHaveProperty("service_tier");
    expect(upstream).not.toHaveProperty("cache_control");
    expect(upstream).not.toHaveProperty("speculative_field");
    const notes = notesOf(response);
    expect(notes).toContain(
      "context_management not sent: the provider has no context editing; the conversation goes as the client sent it",
    );
    expect(notes).toContain("service_tier not sent: the provider has no service tiers");
    expect(notes).toContain(
      "cache_control not sent: Moonshot and Kimi Code cache prompts on their own",
    );
    expect(notes).toContain(
      '"speculative_field" not sent: the gateway does not map it to the provider\'s request',
    );
  });

  it("sends output_config.effort as the thinking level, not as output_config, unless a tool is forced", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k3",
      max_tokens: 256,
      messages: SAY_HI,
      thinking: { type: "adaptive" },
      output_config: { effort: "low" },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const upstream = lastUpstream();
    expect(upstream).not.toHaveProperty("output_config");
    expect(upstream.reasoning_effort).toBe("low");

    // A forced tool decides instead: Anthropic does not think before one, and a level sent with
    // it would have the choice go as "auto".
    const forced = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [{ role: "user", content: "What time is it?" }],
      tools: [{ name: "get_time", input_schema: { type: "object", properties: {} } }],
      tool_choice: { type: "any" },
      output_config: { effort: "high" },
    });
    expect(forced.status, await forced.clone().text()).toBe(200);
    // The forced choice is kept (thinking sent as off), as without the effort.
    expect(lastUpstream().tool_choice).toBe("required");
    expect(lastUpstream()).not.toHaveProperty("reasoning_effort");
  });

  it("refuses an effort it does not know, naming the field and the values it takes", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: SAY_HI,
      output_config: { effort: "extreme" },
    });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { message: string } }).error;
    expect(error.message).toBe(
      'output_config.effort must be one of low, medium, high, xhigh and max, got "extreme"',
    );
  });

  it("quotes an effort that is no string clipped, not the whole of it", async () => {
    // A client's whole value was quoted back: a long one filled the error and the log.
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: SAY_HI,
      output_config: { effort: { level: "x".repeat(20_000) } },
    });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { message: string } }).error;
    expect(error.message).toContain("output_config.effort must be one of low, medium, high");
    expect(error.message).toContain("(20012 characters)");
    expect(error.message.length).toBeLessThan(1000);
  });
});

describe("Anthropic's tool fields beside name, description and input_schema", () => {
  const schema = { type: "object", properties: { tz: { type: "string" } } };

  it("sends strict as the chat tool's, and names in one note each what is left out and the tools that had it", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [{ role: "user", content: "what time is it?" }],
      tools: [
        {
          name: "get_time",
          description: "The time in a time zone",
          input_schema: schema,
          strict: true,
          defer_loading: true,
          eager_input_streaming: true,
          input_examples: [{ tz: "Asia/Tokyo" }],
          allowed_callers: ["code_execution_20250825"],
          cache_control: { type: "ephemeral" },
        },
        {
          name: "get_date",
          input_schema: schema,
          eager_input_streaming: true,
          // As a tool has them unasked: nothing to tell.
          defer_loading: false,
          input_examples: [],
          allowed_callers: ["direct"],
        },
      ],
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect((lastUpstream().tools as unknown[]).map((tool) => Object.keys(tool as Obj))).toEqual([
      ["type", "function"],
      ["type", "function"],
    ]);
    expect(
      (lastUpstream().tools as { function: Obj }[]).map((tool) => Object.keys(tool.function)),
    ).toEqual([
      ["name", "description", "parameters"],
      ["name", "parameters"],
    ]);
    const notes = notesOf(response);
    // eager_input_streaming is what the gateway does anyway (input streams as it comes): no note.
    expect(notes.join("\n")).not.toContain("eager_input_streaming");
    expect(notes.filter((note) => /^\w+ not sent for tools? /.test(note))).toEqual([
      'cache_control not sent for tool "get_time": Moonshot and Kimi Code cache prompts on their own',
      'defer_loading not sent for tool "get_time": the provider has no tool search; the tool is offered to the model with the others',
      "input_examples not sent for tool \"get_time\": the provider's tools take no examples; put them in the tool's description",
      'allowed_callers not sent for tool "get_time": programmatic tool calling runs in Anthropic\'s code execution; the model calls the tool itself',
      "strict not sent for tool \"get_time\": moonshot/kimi-k2.5 has no strict mode (compat.supportsStrictMode is false), so a call's arguments are not held to the tool's schema; check them before use",
    ]);
  });

  it("refuses a strict that is not a boolean, naming the tool's field, and sends nothing", async () => {
    const before = env.sim.chatRequests().length;
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: SAY_HI,
      tools: [{ name: "get_time", input_schema: schema, strict: "yes" }],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message: "tools[0].strict must be a boolean, got a string",
      },
    });
    expect(env.sim.chatRequests().length).toBe(before);
  });
});

/**
 * Prompt caching marks (cache_control) on the system and message blocks, as Claude Code sends
 * them, a tool result's own blocks among them: Anthropic's SDK.
 */
const CACHE_MARKED: Pick<Anthropic.MessageCreateParamsNonStreaming, "system" | "messages"> = {
  system: [
    { type: "text", text: "You are terse." },
    { type: "text", text: "Answer in English.", cache_control: { type: "ephemeral" } },
  ],
  messages: [
    {
      role: "user",
      content: [{ type: "text", text: "What time is it?", cache_control: { type: "ephemeral" } }],
    },
    {
      role: "assistant",
      content: [{ type: "tool_use", id: "toolu_01", name: "get_time", input: {} }],
    },
    {
      role: "user",
      content: [
        {
          type: "tool_result",
          tool_use_id: "toolu_01",
          content: [
            { type: "text", text: "12:00", cache_control: { type: "ephemeral", ttl: "1h" } },
          ],
        },
      ],
    },
  ],
};

const CACHE_MARKS_NOTE =
  "cache_control not sent for system[1], messages[0].content[0], messages[2].content[0].content[0]: Moonshot and Kimi Code cache prompts on their own";

const GET_TIME: Anthropic.Tool = {
  name: "get_time",
  input_schema: { type: "object", properties: {} },
};

/** The cache_control notes of `env`'s answer to `body`, which must be a message. */
async function cacheControlNotes(
  env: GatewayEnv,
  body: Omit<Anthropic.MessageCreateParamsNonStreaming, "max_tokens">,
): Promise<string[]> {
  const { data, response } = await env
    .anthropic()
    .messages.create({ max_tokens: 256, ...body })
    .withResponse();
  expect(data.type).toBe("message");
  return notesOf(response).filter((note) => note.includes("cache_control"));
}

describe("cache_control on system and message blocks", () => {
  it("is left out of Moonshot's chat request, and one note names the blocks that had it", async () => {
    const notes = await cacheControlNotes(env, {
      model: "moonshot/kimi-k2.5",
      tools: [GET_TIME],
      ...CACHE_MARKED,
    });
    expect(JSON.stringify(lastUpstream())).not.toContain("cache_control");
    expect(notes).toEqual([CACHE_MARKS_NOTE]);
  });

  it("is not noted when no block has it (null is none)", async () => {
    const notes = await cacheControlNotes(env, {
      model: "moonshot/kimi-k2.5",
      system: [{ type: "text", text: "You are terse.", cache_control: null }],
      messages: [{ role: "user", content: [{ type: "text", text: "say hi" }] }],
    });
    expect(notes).toEqual([]);
  });

  describe("to a provider on Kimi Code's Anthropic surface", () => {
    let kimi: GatewayEnv;
    beforeAll(async () => {
      kimi = await startKimiCodeOverAnthropic({ start: { log: () => {} } });
    });
    afterAll(async () => {
      await kimi?.close();
    });

    it("is left out of the Messages request upstream too, and noted the same", async () => {
      // The transport builds its blocks from the chat request, which has no breakpoints.
      const notes = await cacheControlNotes(kimi, {
        model: "kimi-code/kimi-for-coding",
        system: CACHE_MARKED.system,
        messages: [
          {
            role: "user",
            content: [{ type: "text", text: "say hi", cache_control: { type: "ephemeral" } }],
          },
        ],
      });
      const upstream = kimi.sim.requests.filter(
        (request) => request.path === "/coding/v1/messages",
      );
      expect(upstream).toHaveLength(1);
      expect(JSON.stringify(upstream[0]?.body)).not.toContain("cache_control");
      expect(notes).toEqual([
        "cache_control not sent for system[1], messages[0].content[0]: Moonshot and Kimi Code cache prompts on their own",
      ]);
    });
  });
});
