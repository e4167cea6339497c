import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkKey, type KeyCheckAlternative, type KeyCheckEndpoint } from "../../src/auth/index.js";
import { parseModelsResponse } from "../../src/auth/key-check.js";
import { checkKey as packageCheckKey } from "../../src/index.js";
import { closedPort } from "../helpers/net.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let ai: Simulator;
let cn: Simulator;
let moonshotAi: KeyCheckEndpoint;
let moonshotCn: KeyCheckEndpoint;
let kimi: KeyCheckEndpoint;

beforeAll(async () => {
  ai = await startSimulator({ region: "ai" });
  cn = await startSimulator({ region: "cn" });
  moonshotAi = { label: "Moonshot international", baseUrl: ai.moonshotBaseUrl };
  moonshotCn = { label: "Moonshot China", baseUrl: cn.moonshotBaseUrl };
  kimi = {
    label: "Kimi Code",
    baseUrl: ai.kimiCodeBaseUrl,
    headers: { "User-Agent": "KimiCLI/0.77" },
  };
});
afterAll(async () => {
  await ai?.close();
  await cn?.close();
});

function alternativesForMoonshot(): KeyCheckAlternative[] {
  return [
    { ...moonshotCn, relation: "region", advice: "use --auth-choice moonshot-api-key-cn" },
    { ...kimi, relation: "provider", advice: "use --auth-choice kimi-code-api-key" },
  ];
}

describe("checkKey against the simulator", () => {
  it("calls a key valid and returns the models it may use", async () => {
    const result = await checkKey({
      target: moonshotAi,
      key: ai.keys.moonshot,
      alternatives: alternativesForMoonshot(),
    });
    expect(result.status).toBe("valid");
    expect(result.message).toMatch(/works on Moonshot international \(\d+ models available\)/);
    expect(result.models.map((model) => model.id)).toContain("kimi-k2.5");
    expect(result.models.find((model) => model.id === "kimi-k2.5")).toMatchObject({
      contextLength: 262144,
    });
  });

  it("says the address with 'at', not as a second bracket beside the count", async () => {
    const result = await checkKey({
      target: {
        label: "Moonshot international",
        address: ai.moonshotBaseUrl,
        baseUrl: ai.moonshotBaseUrl,
      },
      key: ai.keys.moonshot,
    });
    expect(result.message).toMatch(
      new RegExp(
        `^the key works on Moonshot international at ${ai.moonshotBaseUrl.replaceAll(".", "\\.")} \\(\\d+ models available\\)$`,
      ),
    );
    // A name with a bracket of its own and no address keeps it; the count follows a colon.
    const named = await checkKey({
      target: { label: "my proxy (staging)", baseUrl: ai.moonshotBaseUrl },
      key: ai.keys.moonshot,
    });
    expect(named.message).toMatch(/^the key works on my proxy \(staging\): \d+ models available$/);
  });

  it("recognises a key from the other region", async () => {
    const result = await checkKey({
      target: moonshotAi,
      key: cn.keys.moonshot,
      alternatives: alternativesForMoonshot(),
    });
    expect(result.status).toBe("wrong_region");
    expect(result.message).toContain("Moonshot international rejected the key (401");
    expect(result.message).toContain(
      "Moonshot China accepts it: the key is from that region (wrong region)",
    );
    // Each endpoint is named once (a redirected one's label carries its URL).
    expect(result.message.split("Moonshot China").length - 1).toBe(1);
    expect(result.message.split("Moonshot international").length - 1).toBe(1);
    expect(result.hint).toBe("use --auth-choice moonshot-api-key-cn");
    expect(result.message).not.toContain(cn.keys.moonshot);
  });

  it("recognises a Kimi Code key given to Moonshot, and a Moonshot key given to Kimi Code", async () => {
    const kimiOnMoonshot = await checkKey({
      target: moonshotAi,
      key: ai.keys.kimiCode,
      alternatives: alternativesForMoonshot(),
    });
    expect(kimiOnMoonshot.status).toBe("wrong_provider");
    expect(kimiOnMoonshot.message).toContain(
      "this is a key for Kimi Code, not for Moonshot international",
    );

    const moonshotOnKimi = await checkKey({
      target: kimi,
      key: ai.keys.moonshot,
      alternatives: [
        { ...moonshotAi, relation: "provider", advice: "use --auth-choice moonshot-api-key" },
      ],
    });
    expect(moonshotOnKimi.status).toBe("wrong_provider");
    expect(moonshotOnKimi.hint).toBe("use --auth-choice moonshot-api-key");
  });

  it("says when no endpoint accepts the key", async () => {
    const result = await checkKey({
      target: moonshotAi,
      key: "sk-test-nobody-0000",
      alternatives: alternativesForMoonshot(),
    });
    expect(result.status).toBe("invalid");
    expect(result.message).toContain("and so did Moonshot China and Kimi Code");
  });

  it("names an alternative it could not reach as such, not as one that rejected the key", async () => {
    const port = await closedPort();
    const result = await checkKey({
      target: moonshotAi,
      key: cn.keys.moonshot,
      alternatives: [
        {
          label: "Moonshot China",
          baseUrl: `http://127.0.0.1:${port}/v1`,
          relation: "region",
          advice: "use --auth-choice moonshot-api-key-cn",
        },
        { ...kimi, relation: "provider", advice: "use --auth-choice kimi-code-api-key" },
      ],
    });
    expect(result.status).toBe("invalid");
    expect(result.message).toContain("Moonshot international rejected the key (401");
    expect(result.message).toContain(", and so did Kimi Code;");
    expect(result.message).toContain(
      "Moonshot China could not be reached (connection refused), so the key may belong there",
    );
    expect(result.message).not.toMatch(/so did[^;]*Moonshot China/);
    expect(result.hint).toContain(
      "the key may be for Moonshot China, which could not check it; if so: use --auth-choice moonshot-api-key-cn",
    );
  });

  it("explains Kimi Code's client rule when the User-Agent is not a coding agent", async () => {
    const result = await checkKey({
      target: { ...kimi, headers: { "User-Agent": "curl/8" } },
      key: ai.keys.kimiCode,
    });
    expect(result.status).toBe("forbidden_client");
    expect(result.hint).toContain("User-Agent");
  });

  it("reports an unreachable endpoint as such (a warning for onboarding, not a verdict on the key)", async () => {
    const port = await closedPort();
    const result = await checkKey({
      target: { label: "Moonshot international", baseUrl: `http://127.0.0.1:${port}/v1` },
      key: ai.keys.moonshot,
      alternatives: alternativesForMoonshot(),
    });
    expect(result.status).toBe("unreachable");
    expect(result.message).toContain("connection refused");
  });

  it("says nothing listens on a refused loopback port, and names the base URL it was given", async () => {
    const port = await closedPort();
    const unnamed = await packageCheckKey({
      target: { label: "local server", baseUrl: `http://127.0.0.1:${port}/v1` },
      key: ai.keys.moonshot,
    });
    expect(unnamed.status).toBe("unreachable");
    // Not "check your network or proxy": loopback is reached directly, nothing listens there.
    expect(unnamed.hint).toBe(
      `the key was not verified; nothing is listening on 127.0.0.1:${port} (connection refused): start the server there, or fix the target.baseUrl given to checkKey`,
    );
    // A caller that knows the config line still replaces it.
    expect(unnamed.genericUnreachableHint).toBe(true);
    const named = await checkKey({
      target: { label: "local", baseUrl: `http://localhost:${port}/v1`, provider: "local" },
      key: ai.keys.moonshot,
    });
    expect(named.hint).toBe(
      `the key was not verified; nothing is listening on localhost:${port} (connection refused): start the server there, or fix the target.baseUrl given to checkKey (local's base URL)`,
    );
  });

  it("gives up on an endpoint that never answers within the timeout", async () => {
    ai.script([{ when: { path: "/v1/models" }, respond: { hang: true } }]);
    const result = await checkKey({ target: moonshotAi, key: ai.keys.moonshot, timeoutMs: 300 });
    expect(result.status).toBe("unreachable");
    expect(result.message).toContain("no answer within 300 ms");
    // What to run next verifies the key over the network (--check alone does not).
    expect(result.hint).toContain("openclaw models status --probe");
    ai.reset();
  });
});

describe("a model list from an endpoint", () => {
  it("keeps plausible ids and drops ones with spaces, control characters or absurd length", () => {
    const models = parseModelsResponse({
      data: [
        { id: "kimi-k2.5", context_length: 262144 },
        { id: "accounts/team/models/kimi:latest" },
        { id: "evil\u001b]0;pwned\u0007" },
        { id: "two words" },
        { id: "x".repeat(201) },
        { id: "" },
        { id: 42 },
      ],
    });
    expect(models.map((model) => model.id)).toEqual([
      "kimi-k2.5",
      "accounts/team/models/kimi:latest",
    ]);
    expect(models[0]?.contextLength).toBe(262144);
  });
});
