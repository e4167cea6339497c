/**
 * A program's own `resolveKey` (createRuntime's, startGateway's) that has no key for a model
 * (returns undefined). That function is then the only key lookup: openclaw reads none of its own
 * places for it. Before, the missing key's hint named them anyway (`set one of: auth profile
 * "moonshot:default", $MOONSHOT_API_KEY; or run: openclaw onboard`), and its `where` the config's
 * `models.providers.moonshot.apiKey`: a user of the program set them and nothing changed. Now the
 * error says that function returned no key for the model, and that it is the one to return it.
 * Real runtime and gateway, simulator over sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildCatalog,
  createKeyResolver,
  createRuntime,
  isOpenClawError,
  type KeyResolver,
  loadConfigObject,
  startGateway,
  toResolvedKey,
} from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";
import { type Simulator, startSimulator } from "./simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

const ask = {
  model: "moonshot/kimi-k2.5",
  request: { messages: [{ role: "user" as const, content: "hi" }] },
};

function catalog() {
  return buildCatalog(
    loadConfigObject(
      { models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } } },
      { env: {} },
    ),
  );
}

async function failure(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** What only openclaw's own lookup reads, which a hint about the program's function must not send to. */
const OPENCLAW_FIXES = /set one of|openclaw onboard|set auth profile|set \$MOONSHOT_API_KEY/;

describe("createRuntime's own resolveKey with no key for a model", () => {
  it("names that function and the model, and says it is the one to return the key", async () => {
    const runtime = createRuntime({ catalog: catalog(), resolveKey: () => undefined });
    const failed = await failure(runtime.complete(ask));
    expect(isOpenClawError(failed)).toBe(true);
    if (!isOpenClawError(failed)) return;
    expect(failed.code).toBe("provider.auth");
    expect(failed.message).toBe(
      "the resolveKey function given to createRuntime returned no key for moonshot/kimi-k2.5",
    );
    expect(failed.where).toBe("resolveKey");
    expect(failed.hint).toMatch(
      /^have that function return the key for moonshot\/kimi-k2\.5 as toResolvedKey\(value, source\)/,
    );
    expect(failed.hint).toContain(
      `openclaw's own places (auth profile "moonshot:default", $MOONSHOT_API_KEY) are not read`,
    );
    expect(failed.hint).not.toMatch(OPENCLAW_FIXES);
  });

  it("once it returns the key, as the hint says, the next run answers", async () => {
    let key: string | undefined;
    const runtime = createRuntime({
      catalog: catalog(),
      resolveKey: () =>
        key === undefined ? undefined : toResolvedKey(key, { kind: "env", variable: "VAULT_KEY" }),
    });
    expect(isOpenClawError(await failure(runtime.complete(ask)))).toBe(true);
    key = sim.keys.moonshot;
    const result = await runtime.complete(ask);
    expect(result.message.role).toBe("assistant");
  });

  it("createKeyResolver's lookup keeps naming openclaw's places, which it reads", async () => {
    const resolveKey: KeyResolver = createKeyResolver({
      agentDir: tempDir("ckm-agent-"),
      env: {},
    });
    const runtime = createRuntime({ catalog: catalog(), resolveKey });
    const failed = await failure(runtime.complete(ask));
    expect(isOpenClawError(failed) && failed.hint).toMatch(/\$MOONSHOT_API_KEY/);
    expect(isOpenClawError(failed) && failed.message).not.toContain("resolveKey");
  });
});

describe("startGateway's own resolveKey with no key for a model", () => {
  it("the client's error names that function and the model, not openclaw's places", async () => {
    const gateway = await startGateway({
      port: 0,
      watch: false,
      env: { OPENCLAW_STATE_DIR: tempDir("ckm-state-") },
      config: {
        gateway: { auth: { mode: "none" }, ledger: { enabled: false } },
        // The placeholder apiKey is openclaw's own place: what it holds explains nothing here.
        models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl, apiKey: "sk-..." } } },
      },
      resolveKey: () => undefined,
    });
    try {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: ask.model, messages: ask.request.messages }),
      });
      const body = (await response.json()) as { error: { message: string; code: string } };
      // No key on the gateway's side: its program's to fix (a 503), not an upstream's refusal.
      expect(response.status).toBe(503);
      expect(body.error.code).toBe("provider_key_missing");
      expect(body.error.message).toMatch(
        /^moonshot\/kimi-k2\.5: this gateway has no API key for provider "moonshot", so nothing was sent to it; the gateway's operator must give moonshot a key: the resolveKey function given to startGateway returned no key for moonshot\/kimi-k2\.5 \(hint: have that function return the key for moonshot\/kimi-k2\.5 as toResolvedKey\(value, source\)/,
      );
      expect(body.error.message).toContain(
        "the gateway asks it again a second after its last answer",
      );
      expect(body.error.message).not.toMatch(OPENCLAW_FIXES);
      expect(body.error.message).not.toContain("placeholder");
    } finally {
      await gateway.close();
    }
  });
});
