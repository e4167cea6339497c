/**
 * A gateway whose provider's only key is a stored profile's, copied wrong (a key shown shortened,
 * `sk-…0001`): a request's error names the profile with the file and line of its key, as a key
 * written in the config is named by its line; before, the profile's id alone, so an operator
 * with several agents' stores did not know which file to open. The key is never shown. The
 * gateway in this process, the real `openai` client, a state dir on disk.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/index.js";
import { NOWHERE_BASE_URL } from "../helpers/custom-provider-entry.js";
import { freshState } from "../onboard/harness.js";

const TOKEN = "test-gateway-token-misshapen-0001";
const SHORTENED = "sk-fake…0001";

let gateway: RunningGateway | undefined;
afterEach(async () => {
  await gateway?.close(2000);
  gateway = undefined;
});

describe("a stored key shown shortened, at the gateway", () => {
  it("is named by the store's file and the line of its key, never shown", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
        models: { providers: { moonshot: { baseUrl: NOWHERE_BASE_URL } } },
        gateway: { auth: { mode: "token", token: TOKEN }, ledger: { enabled: false } },
      }),
    );
    const store = state.storePath;
    mkdirSync(dirname(store), { recursive: true });
    const profile = { type: "api_key", provider: "moonshot", key: SHORTENED };
    writeFileSync(
      store,
      `${JSON.stringify({ version: 1, profiles: { "moonshot:default": profile } }, null, 2)}\n`,
      { mode: 0o600 },
    );
    gateway = await startGateway({
      port: 0,
      env: { OPENCLAW_STATE_DIR: state.dir, HOME: state.dir },
      watch: false,
      log: () => {},
    });
    const client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const refused = await client.chat.completions
      .create({ model: "moonshot/kimi-k2.5", messages: [{ role: "user", content: "hi" }] })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    const message = (refused as InstanceType<typeof OpenAI.APIError>).message;
    // Line 7: `"key": …` of the only profile, as JSON.stringify(…, null, 2) writes it.
    expect(message).toContain(
      `profile moonshot:default: has "…" in it: that is a key shown shortened, not the key itself (${store}:7)`,
    );
    expect(message).toContain(
      `copy the whole key again into auth profile "moonshot:default" (${store}:7)`,
    );
    expect(message).not.toContain(SHORTENED);
  });
});
