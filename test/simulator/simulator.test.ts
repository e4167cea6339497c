import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CURRENT_SIM_MODELS, type Simulator, startSimulator } from "./index.js";

let sim: Simulator;
beforeAll(async () => {
  // kimi-k2-thinking (retired) is the thinking-only Moonshot model these checks were seen on.
  sim = await startSimulator({ serveRetiredModels: true });
});
afterAll(async () => {
  await sim.close();
});

async function post(
  path: string,
  body: unknown,
  key = sim.keys.moonshot,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
  const res = await fetch(`${sim.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

const hello = [{ role: "user", content: "hello" }];

describe("simulator: Moonshot's checks on tools and conversations, with the reported messages", () => {
  const withTool = (parameters: unknown, name = "f") => ({
    model: "kimi-k2.5",
    messages: hello,
    tools: [{ type: "function", function: { name, parameters } }],
  });
  const flavored = (path: string, problem: string) =>
    `is not a valid moonshot flavored json schema, details: <At path '${path}': ${problem}>`;

  it.each([
    [
      { type: "object", properties: { x: {} }, required: [] },
      flavored("properties.x", "type is not defined"),
    ],
    [
      {
        type: "object",
        properties: { x: { type: "string", anyOf: [{ type: "string" }] } },
        required: [],
      },
      flavored(
        "properties.x",
        "when using anyOf, type should be defined in anyOf items instead of the parent schema",
      ),
    ],
    [{ type: "object", properties: {} }, flavored("required", "required must be an array")],
    [
      {
        type: "object",
        properties: { x: { $ref: "#/$defs/X", minLength: 1 } },
        required: [],
        $defs: { X: { type: "string" } },
      },
      flavored(
        "properties.x",
        "when using $ref, type should be defined in the referenced schema instead of the parent schema",
      ),
    ],
    [
      {
        type: "object",
        properties: { x: { $ref: "#/definitions/X" } },
        required: [],
        definitions: { X: { type: "string" } },
      },
      flavored("properties.x.$ref", "references must start with #/$defs/"),
    ],
    // The walle validator's own words for keywords of the wrong form.
    [
      { type: "object", properties: { x: true }, required: [] },
      flavored("properties", "property schema for 'x' must be an object"),
    ],
    [
      {
        type: "object",
        properties: { x: { type: "array", items: [{ type: "string" }] } },
        required: [],
      },
      flavored("properties.x.items", "items must be an object"),
    ],
    [
      { type: "object", properties: { x: { type: "string", enum: [] } }, required: [] },
      flavored("properties.x", "enum array cannot be empty"),
    ],
    [
      { type: "object", properties: { x: { type: "any" } }, required: [] },
      flavored("properties.x", "invalid type"),
    ],
  ])("refuses a tool schema that breaks a rule (%#)", async (parameters, message) => {
    const res = await post("/v1/chat/completions", withTool(parameters));
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
  });

  it("takes Moonshot's built-in $web_search with thinking off, and no unknown built-in tool", async () => {
    const builtin = (name: string, thinking = "disabled") => ({
      model: "kimi-k2.5",
      messages: hello,
      tools: [{ type: "builtin_function", function: { name } }],
      thinking: { type: thinking },
    });
    const searched = await post("/v1/chat/completions", builtin("$web_search"));
    expect(searched.status).toBe(200);
    expect(searched.text).toContain('"name":"$web_search"');
    const unknown = await post("/v1/chat/completions", builtin("$teleport"));
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("unknown builtin function $teleport");
    const thinking = await post("/v1/chat/completions", builtin("$web_search", "enabled"));
    expect(thinking.status).toBe(400);
    expect(thinking.text).toContain("$web_search is not supported with thinking enabled");
  });

  it('calls no tool under tool_choice "none", $web_search included: it answers in text', async () => {
    const res = await post("/v1/chat/completions", {
      model: "kimi-k2.5",
      messages: hello,
      tools: [{ type: "builtin_function", function: { name: "$web_search" } }],
      tool_choice: "none",
      thinking: { type: "disabled" },
    });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain("$web_search");
    expect(res.text).toContain('"finish_reason":"stop"');
  });

  it("takes Kimi K3's effort as reasoning_effort and refuses its thinking object, and K2's pair of both", async () => {
    const ask = (model: string, extra: Record<string, unknown>) =>
      post("/v1/chat/completions", { model, messages: hello, ...extra });
    expect((await ask("kimi-k3", { reasoning_effort: "low" })).status).toBe(200);
    const thinking = await ask("kimi-k3", { thinking: { type: "enabled" } });
    expect(thinking.status).toBe(400);
    expect(thinking.text).toContain("set reasoning_effort instead");
    expect((await ask("kimi-k3", { reasoning_effort: "medium" })).text).toContain(
      "reasoning_effort must be one of low, high, max",
    );
    expect((await ask("kimi-k3", { reasoning_effort: { effort: "high" } })).text).toContain(
      "the reasoning_effort field (expected type string) is illegal",
    );
    const both = await ask("kimi-k2.5", {
      thinking: { type: "enabled" },
      reasoning_effort: "high",
      temperature: 1,
    });
    expect(both.status).toBe(400);
    expect(both.text).toContain("cannot specify both 'thinking' and 'reasoning_effort'");
  });

  it("refuses a tool name that does not start with a letter", async () => {
    const res = await post(
      "/v1/chat/completions",
      withTool({ type: "object", properties: {}, required: [] }, "12306__query"),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain("function name is invalid, must start with a letter");
  });

  it("takes at most 5 stop words of at most 32 bytes each, as Moonshot documents", async () => {
    const ask = (stop: unknown) =>
      post("/v1/chat/completions", { model: "kimi-k2.5", messages: hello, stop });
    expect((await ask(["a", "b", "c", "d", "\n"])).status).toBe(200);
    expect((await ask("é".repeat(16))).status).toBe(200);
    const many = await ask(["a", "b", "c", "d", "e", "f"]);
    expect(many.status).toBe(400);
    expect(many.text).toContain("at most 5");
    const long = await ask(["é".repeat(17)]);
    expect(long.status).toBe(400);
    expect(long.text).toContain("32 bytes");
  });

  it("refuses an empty assistant message and a tool call left without result", async () => {
    const empty = await post("/v1/chat/completions", {
      model: "kimi-k2.5",
      messages: [...hello, { role: "assistant", content: "" }, ...hello],
    });
    expect(empty.text).toContain(
      "the message at position 1 with role 'assistant' must not be empty",
    );
    const call = { id: "Shell:58", type: "function", function: { name: "shell", arguments: "{}" } };
    const dangling = await post("/v1/chat/completions", {
      model: "kimi-k2.5",
      messages: [...hello, { role: "assistant", tool_calls: [call] }, ...hello],
    });
    expect(dangling.text).toContain(
      "The following tool_call_ids did not have response messages: Shell:58",
    );
  });
});

describe("simulator", () => {
  it("answers a chat completion with a trace id and an echo", async () => {
    const res = await post("/v1/chat/completions", { model: "kimi-k2.5", messages: hello });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-trace-id")).toMatch(/^sim-ai-/);
    expect(res.json).toMatchObject({
      choices: [{ message: { role: "assistant", content: "Echo: hello" }, finish_reason: "stop" }],
    });
  });

  it("rejects a key from the other region with invalid_authentication_error", async () => {
    const res = await post(
      "/v1/chat/completions",
      { model: "kimi-k2.5", messages: hello },
      sim.keys.otherRegion,
    );
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: { type: "invalid_authentication_error" } });
  });

  it("serves the other region at /<other>/v1, taking that region's keys only", async () => {
    const body = { model: "kimi-k2.5", messages: hello };
    expect(sim.otherRegionBaseUrl).toBe(`${sim.url}/cn/v1`);
    const own = await post("/cn/v1/chat/completions", body, sim.keys.otherRegion);
    expect(own.status).toBe(200);
    expect(own.headers.get("x-trace-id")).toMatch(/^sim-cn-/);
    const international = await post("/cn/v1/chat/completions", body, sim.keys.moonshot);
    expect(international.status).toBe(401);
    expect(international.json).toMatchObject({ error: { type: "invalid_authentication_error" } });
  });

  it("serves Kimi Code only to coding agents", async () => {
    const body = { model: "kimi-for-coding", messages: hello };
    const denied = await post("/coding/v1/chat/completions", body, sim.keys.kimiCode, {
      "user-agent": "curl/8",
    });
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({ error: { type: "access_terminated_error" } });
    const allowed = await post("/coding/v1/chat/completions", body, sim.keys.kimiCode, {
      "user-agent": "KimiCLI/0.77",
    });
    expect(allowed.status).toBe(200);
  });

  it("rejects the developer role and a missing reasoning_content on a thinking tool turn", async () => {
    const dev = await post("/v1/chat/completions", {
      model: "kimi-k2.5",
      messages: [{ role: "developer", content: "be brief" }, ...hello],
    });
    expect(dev.status).toBe(400);
    const missing = await post("/v1/chat/completions", {
      model: "kimi-k2-thinking",
      messages: [
        ...hello,
        {
          role: "assistant",
          tool_calls: [
            {
              id: "functions.get_time:0",
              type: "function",
              function: { name: "get_time", arguments: "{}" },
            },
          ],
        },
        { role: "tool", tool_call_id: "functions.get_time:0", content: "12:00" },
      ],
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain(
      "reasoning_content is missing in assistant tool call message at index 1",
    );
  });

  it("enforces fixed temperature, thinking object and the token limit", async () => {
    const temp = await post("/v1/chat/completions", {
      model: "kimi-k2.5",
      messages: hello,
      temperature: 0.3,
    });
    // kimi-k2.5 thinks unless told not to: 1 then, 0.6 without thinking.
    expect(temp.text).toContain("invalid temperature: only 1 is allowed for this model");
    const plain = await post("/v1/chat/completions", {
      model: "kimi-k2.5",
      messages: hello,
      temperature: 0.3,
      thinking: { type: "disabled" },
    });
    expect(plain.text).toContain("invalid temperature: only 0.6 is allowed for this model");
    const thinking = await post("/v1/chat/completions", {
      model: "kimi-k2.5",
      messages: hello,
      thinking: true,
    });
    expect(thinking.status).toBe(400);
    const big = await post("/v1/chat/completions", {
      model: "kimi-k2.5",
      messages: hello,
      max_tokens: 300_000,
    });
    expect(big.text).toContain("Your request exceeded model token limit: 262144 (requested: ");
  });

  it("is as strict as the real API: kimi-k2.5's top_p and penalties, a named tool with thinking, kimi-for-coding's thinking switch", async () => {
    const k25 = (extra: Record<string, unknown>) =>
      post("/v1/chat/completions", { model: "kimi-k2.5", messages: hello, ...extra });
    expect((await k25({ top_p: 0.5 })).text).toContain(
      "invalid top_p: only 0.95 is allowed for this model",
    );
    expect((await k25({ presence_penalty: 0.5 })).text).toContain(
      "invalid presence_penalty: only 0 is allowed for this model",
    );
    expect((await k25({ frequency_penalty: 1 })).status).toBe(400);
    expect((await k25({ top_p: 0.95, presence_penalty: 0 })).status).toBe(200);
    const tools = [
      { type: "function", function: { name: "f", parameters: { type: "object", required: [] } } },
    ];
    const named = await post("/v1/chat/completions", {
      model: "kimi-k2-thinking",
      messages: hello,
      tools,
      tool_choice: { type: "function", function: { name: "f" } },
    });
    expect(named.text).toContain("tool_choice 'specified' is incompatible with thinking enabled");
    const coding = await post(
      "/coding/v1/chat/completions",
      { model: "kimi-for-coding", messages: hello, thinking: { type: "disabled" } },
      sim.keys.kimiCode,
      { "user-agent": "KimiCLI/0.77" },
    );
    expect(coding.text).toContain("invalid thinking: only type=enabled is allowed for this model");
  });

  it("wants reasoning_content on every assistant message with preserved thinking (keep: all)", async () => {
    const turns = [
      ...hello,
      { role: "assistant", content: "hi", reasoning_content: "greet" },
      { role: "user", content: "again" },
      { role: "assistant", content: "hi again" },
      { role: "user", content: "once more" },
    ];
    const keepAll = await post("/v1/chat/completions", {
      model: "kimi-k2-thinking",
      messages: turns,
      thinking: { type: "enabled", keep: "all" },
    });
    expect(keepAll.status).toBe(400);
    expect(keepAll.text).toContain(
      "requires reasoning_content on every assistant message, but assistant message at index 3 is missing reasoning_content",
    );
    const plain = await post("/v1/chat/completions", {
      model: "kimi-k2-thinking",
      messages: turns,
    });
    expect(plain.status).toBe(200);
    // A partial-mode prefill is the answer being written, not an earlier turn: it needs none.
    const prefilled = await post("/v1/chat/completions", {
      model: "kimi-k2-thinking",
      messages: [
        ...turns.slice(0, 3),
        { role: "user", content: "again" },
        { role: "assistant", content: "Well,", partial: true },
      ],
      thinking: { type: "enabled", keep: "all" },
    });
    expect(prefilled.status).toBe(200);
  });

  it("refuses thinking.keep on kimi-k2.5, thinking on or off, and takes it on kimi-k2.6", async () => {
    for (const type of ["enabled", "disabled"]) {
      const k25 = await post("/v1/chat/completions", {
        model: "kimi-k2.5",
        messages: hello,
        thinking: { type, keep: "all" },
      });
      expect([k25.status, k25.text]).toEqual([
        400,
        expect.stringContaining('thinking.keep is not supported by model \\"kimi-k2.5\\"'),
      ]);
    }
    const k26 = await post("/v1/chat/completions", {
      model: "kimi-k2.6",
      messages: hello,
      thinking: { type: "enabled", keep: "all" },
    });
    expect(k26.status).toBe(200);
  });

  it("checks the key before the body: a bad key with a bad body is a 401", async () => {
    const res = await fetch(`${sim.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-test-wrong-0001", "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(401);
    await res.body?.cancel();
  });

  it("keeps a scripted reply for the next request when its checks refuse one", async () => {
    sim.script([{ when: { model: "kimi-k2.5" }, respond: { reply: { text: "scripted" } } }]);
    const refused = await post("/v1/chat/completions", {
      model: "kimi-k2.5",
      messages: hello,
      temperature: 0.3,
    });
    expect(refused.status).toBe(400);
    const answered = await post("/v1/chat/completions", { model: "kimi-k2.5", messages: hello });
    expect(answered.text).toContain('"content":"scripted"');
    const next = await post("/v1/chat/completions", { model: "kimi-k2.5", messages: hello });
    expect(next.text).not.toContain("scripted");
  });

  it("rejects forced tools with thinking, a non-object tool schema and empty text on Kimi Code", async () => {
    const tools = [
      { type: "function", function: { name: "f", parameters: { type: "object", required: [] } } },
    ];
    const forced = await post("/v1/chat/completions", {
      model: "kimi-k2-thinking",
      messages: hello,
      tools,
      tool_choice: "required",
    });
    expect(forced.status).toBe(400);
    expect(forced.text).toContain("tool_choice");
    const schema = await post("/v1/chat/completions", {
      model: "kimi-k2.5",
      messages: hello,
      tools: [{ type: "function", function: { name: "f", parameters: { type: "array" } } }],
    });
    expect(schema.text).toContain('parameters.type is required and must be \\"object\\"');
    const empty = await post(
      "/coding/v1/chat/completions",
      {
        model: "kimi-for-coding",
        messages: [...hello, { role: "assistant", content: "" }, { role: "user", content: "more" }],
      },
      sim.keys.kimiCode,
      { "user-agent": "KimiCLI/0.77" },
    );
    expect(empty.status).toBe(400);
    expect(empty.text).toContain("text content is empty");
  });

  it("streams reasoning before content with CRLF framing, comments and [DONE]", async () => {
    sim.script([{ respond: { stream: { crlf: true, comments: true } } }]);
    const res = await post("/v1/chat/completions", {
      model: "kimi-k2-thinking",
      messages: hello,
      stream: true,
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.text).toContain(": keep-alive\r\n");
    expect(res.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(res.text.indexOf("reasoning_content")).toBeLessThan(res.text.indexOf('"content":"Echo'));
  });

  it("scripts failures then success and records requests", async () => {
    sim.reset();
    sim.failNext(2, "rateLimit");
    const body = { model: "kimi-k2.5", messages: hello };
    const a = await post("/v1/chat/completions", body);
    const b = await post("/v1/chat/completions", body);
    const c = await post("/v1/chat/completions", body);
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.headers.get("retry-after")).toBe("1");
    expect(sim.chatRequests()).toHaveLength(3);
    expect(sim.requests[0]?.body).toMatchObject({ model: "kimi-k2.5" });
  });

  it("lists models with their capabilities and serves the extras", async () => {
    const res = await fetch(`${sim.moonshotBaseUrl}/models`, {
      headers: { authorization: `Bearer ${sim.keys.moonshot}` },
    });
    const list = (await res.json()) as { data: Array<Record<string, unknown>> };
    expect(list.data.find((m) => m.id === "kimi-k2.5")).toMatchObject({
      context_length: 262144,
      supports_image_in: true,
    });
    const estimate = await post("/v1/tokenizers/estimate-token-count", {
      model: "kimi-k2.5",
      messages: hello,
    });
    expect(estimate.json).toMatchObject({ data: { total_tokens: expect.any(Number) } });
    const usages = await fetch(`${sim.kimiCodeBaseUrl}/usages`, {
      headers: { authorization: `Bearer ${sim.keys.kimiCode}`, "user-agent": "KimiCLI/1.0" },
    });
    expect(await usages.json()).toMatchObject({ usage: { remaining: "80" } });
  });

  it("counts at the token-count endpoint what the chat request counts, tokenFactor included", async () => {
    const counting = await startSimulator({ tokenFactor: 1.5 });
    try {
      const messages = [{ role: "user", content: "count these words the same way twice" }];
      const ask = async (path: string) =>
        (await (
          await fetch(`${counting.moonshotBaseUrl}${path}`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${counting.keys.moonshot}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({ model: "kimi-k2.5", messages }),
          })
        ).json()) as { data?: { total_tokens: number }; usage?: { prompt_tokens: number } };
      const counted = (await ask("/tokenizers/estimate-token-count")).data?.total_tokens;
      const charged = (await ask("/chat/completions")).usage?.prompt_tokens;
      expect(counted).toBe(charged);
    } finally {
      await counting.close();
    }
  });

  it("refuses a request over the window without its count when told to (tokenLimitWording)", async () => {
    const short = await startSimulator({ tokenLimitWording: "short" });
    try {
      const res = await fetch(`${short.moonshotBaseUrl}/chat/completions`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${short.keys.moonshot}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ model: "kimi-k2.5", messages: hello, max_tokens: 300_000 }),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { type: string; message: string } };
      expect(body.error).toEqual({
        type: "invalid_request_error",
        message: "Invalid request: Your request exceeded model token limit: 262144",
      });
    } finally {
      await short.close();
    }
  });

  it("answers instantly in instant mode", async () => {
    const fast = await startSimulator({ instant: true });
    try {
      const res = await fetch(`${fast.moonshotBaseUrl}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${fast.keys.moonshot}` },
        body: JSON.stringify({ model: "x", stream: true, messages: hello }),
      });
      const text = await res.text();
      expect(text).toContain('"content":"OK"');
      expect(text).toContain("data: [DONE]");
    } finally {
      await fast.close();
    }
  });

  it("refuses a wrong or missing key on chat in instant mode, as its /models and the normal mode do", async () => {
    const fast = await startSimulator({ instant: true });
    const chat = async (path: string, authorization?: string) => {
      const res = await fetch(`${fast.url}${path}`, {
        method: "POST",
        headers: authorization ? { authorization } : {},
        body: JSON.stringify({ model: "kimi-k2.5", messages: hello }),
      });
      return { status: res.status, text: await res.text() };
    };
    try {
      const wrong = await chat("/v1/chat/completions", "Bearer sk-wrong");
      expect(wrong.status).toBe(401);
      expect(wrong.text).toContain("incorrect_api_key_error");
      const models = await fetch(`${fast.moonshotBaseUrl}/models`, {
        headers: { authorization: "Bearer sk-wrong" },
      });
      expect(models.status).toBe(wrong.status);
      expect(await models.text()).toBe(wrong.text);

      expect((await chat("/v1/chat/completions")).status).toBe(401);
      // A Kimi Code key is not a Moonshot key, nor the other way round.
      expect((await chat("/v1/chat/completions", `Bearer ${fast.keys.kimiCode}`)).status).toBe(401);
      expect(
        (await chat("/coding/v1/chat/completions", `Bearer ${fast.keys.moonshot}`)).status,
      ).toBe(401);

      const right = await chat("/v1/chat/completions", `Bearer ${fast.keys.moonshot}`);
      expect(right.status).toBe(200);
      expect(right.text).toContain('"content":"OK"');
      const coding = await chat("/coding/v1/chat/completions", `Bearer ${fast.keys.kimiCode}`);
      expect(coding.status).toBe(200);
    } finally {
      await fast.close();
    }
  });
});

describe("simulator: the models the API serves today", () => {
  const RETIRED = [
    "kimi-k2-0905-preview",
    "kimi-k2-turbo-preview",
    "kimi-k2-thinking",
    "kimi-k2-thinking-turbo",
  ];

  async function listed(server: Simulator): Promise<string[]> {
    const res = await fetch(`${server.moonshotBaseUrl}/models`, {
      headers: { authorization: `Bearer ${server.keys.moonshot}` },
    });
    return ((await res.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id);
  }

  it("lists the current ids and refuses a retired one as the API refuses an unknown model", async () => {
    const today = await startSimulator();
    try {
      expect((await listed(today)).sort()).toEqual(
        ["kimi-k2.5", "kimi-k2.6", "kimi-k2.7-code", "kimi-k3"].sort(),
      );
      for (const model of RETIRED) {
        const res = await fetch(`${today.moonshotBaseUrl}/chat/completions`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${today.keys.moonshot}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ model, messages: hello }),
        });
        expect(res.status, model).toBe(404);
        expect(await res.json(), model).toEqual({
          error: {
            type: "resource_not_found_error",
            message: `Not found the model ${model} or Permission denied`,
          },
        });
      }
      const current = await fetch(`${today.moonshotBaseUrl}/chat/completions`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${today.keys.moonshot}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ model: "kimi-k2.6", messages: hello }),
      });
      expect(current.status).toBe(200);
    } finally {
      await today.close();
    }
  });

  it("lists a model by its id alone when told to (listedBare): clients read the rest when present", async () => {
    const bare = await startSimulator({
      models: CURRENT_SIM_MODELS.map((model) =>
        model.id === "kimi-k3" ? { ...model, listedBare: true } : model,
      ),
    });
    try {
      const res = await fetch(`${bare.moonshotBaseUrl}/models`, {
        headers: { authorization: `Bearer ${bare.keys.moonshot}` },
      });
      const data = ((await res.json()) as { data: Array<Record<string, unknown>> }).data;
      expect(Object.keys(data.find((m) => m.id === "kimi-k3") ?? {}).sort()).toEqual([
        "created",
        "id",
        "object",
        "owned_by",
      ]);
      expect(data.find((m) => m.id === "kimi-k2.5")).toMatchObject({ context_length: 262144 });
    } finally {
      await bare.close();
    }
  });

  it("serves the retired ids too when asked to (serveRetiredModels)", async () => {
    const ids = await listed(sim);
    for (const model of [...RETIRED, "kimi-k2.5", "kimi-k2.6", "kimi-k2.7-code", "kimi-k3"])
      expect(ids, model).toContain(model);
  });
});
