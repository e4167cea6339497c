/**
 * OpenAI-platform fields an OpenAI client may send (`service_tier`, `prediction`, `verbosity`,
 * `safety_identifier`) are not sent to Moonshot, whose API documents none of them, and the
 * client is told in x-openclaw-notes of each it would otherwise take as done. Before, they went
 * upstream unsaid. A `service_tier` that is not a string is a 400 naming it on both doors
 * (before, it was noted as a tier Moonshot has not, or sent on to the user's own provider); a
 * tier of another name goes on as sent. A `prediction` not in OpenAI's form (`{"type":
 * "content", "content": …}`) is a 400 naming the field; before, it went on as sent (noted as not
 * sent to Moonshot). Official client, simulator, real sockets.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** The notes a client reads out of the header: split at commas, each percent-decoded. */
function notesOf(response: Response): string[] {
  const value = response.headers.get("x-openclaw-notes");
  return value === null ? [] : value.split(",").map((entry) => decodeURIComponent(entry.trim()));
}

describe("OpenAI-platform fields to Moonshot", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      // A provider of the user's own on another host (here the simulator's Moonshot API under
      // an id of its own): not Moonshot's as far as openclaw knows, so it gets the fields.
      editConfig: (config) => {
        const { agents, models } = config as {
          agents: { defaults: { models: Record<string, unknown> } };
          models: { providers: Record<string, { baseUrl: string; apiKey: string }> };
        };
        const moonshot = models.providers.moonshot as { baseUrl: string; apiKey: string };
        models.providers.local = {
          baseUrl: moonshot.baseUrl,
          apiKey: moonshot.apiKey,
          api: "openai-completions",
          models: [{ id: "kimi-k2.5", name: "Local Kimi" }],
        } as unknown as { baseUrl: string; apiKey: string };
        agents.defaults.models["local/kimi-k2.5"] = {};
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  const request = (fields: Record<string, unknown>) =>
    ({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      ...fields,
    }) as Params;

  it("are not sent, and the client is told of each that asked for something", async () => {
    const { data, response } = await env
      .client()
      .chat.completions.create(
        request({
          service_tier: "priority",
          prediction: { type: "content", content: "hello there" },
          verbosity: "low",
          safety_identifier: "user-hash-1",
        }),
      )
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("Echo: hi");
    const upstream = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    for (const field of ["service_tier", "prediction", "verbosity", "safety_identifier"])
      expect([field, field in upstream]).toEqual([field, false]);
    const notes = notesOf(response);
    expect(notes).toContain(
      'service_tier "priority" not sent: moonshot/kimi-k2.5 has no service tiers (Moonshot\'s API takes no such field)',
    );
    expect(notes.some((note) => note.startsWith("prediction not sent:"))).toBe(true);
    expect(notes.some((note) => note.startsWith('verbosity "low" not sent:'))).toBe(true);
    expect(notes.some((note) => note.includes("safety_identifier"))).toBe(false);
  });

  it("say nothing of the usual service tier", async () => {
    const { response } = await env
      .client()
      .chat.completions.create(request({ service_tier: "auto" }))
      .withResponse();
    expect(env.sim.chatRequests().at(-1)?.body).not.toHaveProperty("service_tier");
    expect(notesOf(response).some((note) => note.includes("service_tier"))).toBe(false);
  });

  it("on the Responses API (service_tier, text.verbosity) are left out and told as on chat", async () => {
    const { response } = await env
      .client()
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "hi",
        service_tier: "flex",
        text: { verbosity: "high" },
      })
      .withResponse();
    const upstream = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    expect(["service_tier" in upstream, "verbosity" in upstream]).toEqual([false, false]);
    const notes = notesOf(response);
    expect(notes).toContain(
      'service_tier "flex" not sent: moonshot/kimi-k2.5 has no service tiers (Moonshot\'s API takes no such field)',
    );
    // Named as the client sent it: a Responses request has no top-level verbosity.
    expect(notes.some((note) => note.startsWith('text.verbosity "high" not sent:'))).toBe(true);
    expect(notes.some((note) => note.startsWith("verbosity"))).toBe(false);
  });

  it("on the Responses API, streamed, the note names text.verbosity too", async () => {
    const { data: stream, response } = await env
      .client()
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "hi",
        stream: true,
        text: { verbosity: "low" },
      })
      .withResponse();
    for await (const _event of stream) {
      // read to the end
    }
    const notes = notesOf(response);
    expect(notes.some((note) => note.startsWith('text.verbosity "low" not sent:'))).toBe(true);
    expect(notes.some((note) => note.startsWith("verbosity"))).toBe(false);
  });

  it("go as sent to a provider of the user's own, on chat completions and the Responses API", async () => {
    await env.client().chat.completions.create({
      ...request({ service_tier: "priority", verbosity: "low" }),
      model: "local/kimi-k2.5",
    });
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({
      service_tier: "priority",
      verbosity: "low",
    });
    await env.client().responses.create({
      model: "local/kimi-k2.5",
      input: "hi",
      service_tier: "priority",
      text: { verbosity: "low" },
    });
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({
      service_tier: "priority",
      verbosity: "low",
    });
  });

  it("refuse a service_tier that is no string on both doors; another tier name goes on as sent", async () => {
    const tier = 2 as unknown as "auto";
    const before = env.sim.chatRequests().length;
    const failures = await Promise.all(
      [
        env
          .client()
          .chat.completions.create(request({ service_tier: tier, model: "local/kimi-k2.5" })),
        env
          .client()
          .responses.create({ model: "moonshot/kimi-k2.5", input: "hi", service_tier: tier }),
      ].map((call) =>
        call.then(
          () => undefined,
          (caught: unknown) => caught,
        ),
      ),
    );
    for (const error of failures) {
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const refused = error as InstanceType<typeof OpenAI.APIError>;
      expect([refused.param, refused.code]).toEqual(["service_tier", "invalid_type"]);
      expect(refused.message).toContain(
        'service_tier must be a string such as "auto", "default", "flex" or "priority", got a number',
      );
    }
    expect(env.sim.chatRequests().length).toBe(before);

    // A provider of the user's own may name its tiers otherwise (Groq's on_demand).
    const other = "on_demand" as unknown as "auto";
    await env.client().chat.completions.create({
      ...request({ service_tier: other }),
      model: "local/kimi-k2.5",
    });
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ service_tier: "on_demand" });
  });

  it.each([
    [
      "a string",
      "hello",
      "prediction",
      "invalid_type",
      'prediction must be an object such as {"type": "content", "content": "…"}, got a string',
    ],
    [
      "another type",
      { type: "text", content: "hello" },
      "prediction.type",
      "invalid_value",
      'prediction.type must be "content", got "text"',
    ],
    [
      "no content",
      { type: "content" },
      "prediction.content",
      "missing_required_parameter",
      "prediction.content is required",
    ],
    [
      "a part that is no text part",
      { type: "content", content: [{ type: "text", text: "a" }, 7] },
      "prediction.content[1]",
      "invalid_type",
      'prediction.content[1] must be a text part, {"type": "text", "text": "…"}, got a number',
    ],
  ])(
    "refuse a prediction in another form than OpenAI's: %s",
    async (_name, prediction, param, code, message) => {
      const before = env.sim.chatRequests().length;
      const error = await env
        .client()
        .chat.completions.create(request({ prediction, model: "local/kimi-k2.5" }))
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const refused = error as InstanceType<typeof OpenAI.APIError>;
      expect([refused.param, refused.code]).toEqual([param, code]);
      expect(refused.message).toContain(message);
      expect(env.sim.chatRequests().length).toBe(before);
    },
  );

  it("send a prediction in OpenAI's form to a provider of the user's own", async () => {
    const prediction = { type: "content", content: [{ type: "text", text: "hello there" }] };
    await env
      .client()
      .chat.completions.create({ ...request({ prediction }), model: "local/kimi-k2.5" });
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ prediction });
  });
});
