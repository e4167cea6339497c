/**
 * What the real Moonshot and Kimi Code APIs send that the reference leaves out, through the
 * transport against the simulator: trace ids under Moonshot's own header names, a 429 whose wait
 * is only in its message, and Kimi Code's refusal of a User-Agent that a model's headers set.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePath } from "../../src/config/index.js";
import { classifyProviderError } from "../../src/providers/index.js";
import type { ChatMessage } from "../../src/providers/types.js";
import { kimiCodeModel, moonshotModel } from "../helpers/models.js";
import { SIM_ERRORS, type Simulator, startSimulator } from "../simulator/index.js";
import { collect, doneOf, failure, testTransport } from "./transport-helpers.js";

let sim: Simulator;
const { transport, agent } = testTransport();
const hello: ChatMessage[] = [{ role: "user", content: "hello there" }];

beforeAll(async () => {
  // Headers as the real API was captured sending them: x-msh-trace-id and msh-request-id.
  sim = await startSimulator({ traceHeaders: "msh", allowedUserAgents: /^KimiCLI\/1\./ });
});
afterAll(async () => {
  await agent.close();
  await sim.close();
});

const k25 = () => moonshotModel("kimi-k2.5", { baseUrl: sim.moonshotBaseUrl });
const body = (error: { type: string; message: string }) =>
  JSON.stringify({ error: { type: error.type, message: error.message } });

describe("trace ids under Moonshot's header names", () => {
  it("an answer and a failure carry the x-msh-trace-id the API sent", async () => {
    const events = await collect(
      transport,
      k25(),
      { messages: hello },
      { apiKey: sim.keys.moonshot },
    );
    const answered = sim.chatRequests().at(-1)?.traceId;
    expect(doneOf(events).traceId).toBe(answered);

    sim.failNext(1, "server");
    const error = await failure(
      collect(transport, k25(), { messages: hello }, { apiKey: sim.keys.moonshot }),
    );
    const refused = sim.chatRequests().at(-1)?.traceId ?? "";
    expect(refused).toMatch(/^sim-ai-/);
    expect(error.traceId).toBe(refused);
    expect(error.message).toContain(`(trace ${refused})`);
  });

  it("msh-request-id stands in when no trace header came", () => {
    const error = classifyProviderError({
      status: 500,
      body: body(SIM_ERRORS.server),
      headers: { "msh-request-id": "2b1ff8fa-2202" },
      model: moonshotModel(),
    });
    expect(error.traceId).toBe("2b1ff8fa-2202");
  });
});

describe("a 429 without Retry-After", () => {
  it("waits what the message asks for ('please try again after 1 seconds')", async () => {
    sim.failNext(1, "rateLimitRpm");
    const error = await failure(
      collect(transport, k25(), { messages: hello }, { apiKey: sim.keys.moonshot }),
    );
    expect(error.errorClass).toBe("rate_limit");
    expect(error.retryAfterMs).toBe(1000);
    expect(error.hint).toContain("the provider asked to wait 1 s");
  });

  it("reads x-retry-after, and asks for no wait where the message names none", () => {
    const headerWait = classifyProviderError({
      status: 429,
      body: body(SIM_ERRORS.kimiCodeRateLimit),
      headers: { "x-retry-after": "3" },
      model: kimiCodeModel(),
    });
    expect(headerWait.retryAfterMs).toBe(3000);
    const kimiCode = classifyProviderError({
      status: 429,
      body: body(SIM_ERRORS.kimiCodeRateLimit),
      model: kimiCodeModel(),
    });
    // Kimi Code's plan window as a rate limit (the reference table): retried, not a used-up quota.
    expect(kimiCode.errorClass).toBe("rate_limit");
    expect(kimiCode.retryable).toBe(true);
    expect(kimiCode.retryAfterMs).toBeUndefined();
  });
});

describe("Kimi Code's refusal of the User-Agent", () => {
  it("names the User-Agent sent and points at the model's headers, which win over the provider's", async () => {
    const model = kimiCodeModel({ baseUrl: sim.kimiCodeBaseUrl });
    const error = await failure(
      collect(transport, model, { messages: hello }, { apiKey: sim.keys.kimiCode }),
    );
    expect(error.errorClass).toBe("forbidden_client");
    expect(sim.chatRequests().at(-1)?.headers["user-agent"]).toBe("KimiCLI/0.77");
    expect(error.hint).toContain('sent "User-Agent: KimiCLI/0.77"');
    expect(error.hint).toContain("the model's own headers, which win over the provider's");
    // The command it shows sets the model's header, at a path `openclaw config set` takes.
    const command = /openclaw config set '([^']+)'/.exec(error.hint ?? "");
    expect(command?.[1]).toBe("models.providers.kimi-code.models[0].headers.User-Agent");
    expect(parsePath(command?.[1] ?? "")).toEqual([
      "models",
      "providers",
      "kimi-code",
      "models",
      0,
      "headers",
      "User-Agent",
    ]);
  });

  it("a User-Agent that is no coding agent's is said so, with kimi-cli's to send, not 'a newer version'", async () => {
    const model = kimiCodeModel({
      baseUrl: sim.kimiCodeBaseUrl,
      headers: { "User-Agent": "curl/8.0" },
    });
    const error = await failure(
      collect(transport, model, { messages: hello }, { apiKey: sim.keys.kimiCode }),
    );
    expect(error.errorClass).toBe("forbidden_client");
    expect(error.hint).toContain(`sent "User-Agent: curl/8.0", which is not a coding agent's`);
    expect(error.hint).not.toContain("newer");
    expect(error.hint).toContain(
      "openclaw config set 'models.providers.kimi-code.models[0].headers.User-Agent' 'KimiCLI/0.77'",
    );
  });

  it("a request that sent no User-Agent is told to set the provider's", async () => {
    const model = kimiCodeModel({ baseUrl: sim.kimiCodeBaseUrl, headers: {} });
    const error = await failure(
      collect(transport, model, { messages: hello }, { apiKey: sim.keys.kimiCode }),
    );
    expect(error.errorClass).toBe("forbidden_client");
    expect(error.hint).toContain("sent none");
    expect(error.hint).toContain(
      `openclaw config set 'models.providers.kimi-code.headers' '{"User-Agent": "KimiCLI/0.77"}'`,
    );
  });
});
