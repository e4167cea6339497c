/**
 * A key the provider refused (401) is benched in the gateway (a 502 to its client, the upstream's key being the gateway's), which keeps its cooldowns across
 * reloads: the next request is not sent with it. The key fixed in the config and the config read
 * again, the next request goes out at once with the new key, not skipped for the old key's bench
 * (a bench is the key's, by its fingerprint, not the provider's). Real sockets to the simulator.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startGateway } from "../../src/index.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { tempDir } from "../helpers/tmp.js";
import type { Simulator } from "../simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

const WRONG_KEY = "sk-fake-abc-01";

function configWithKey(apiKey: string): string {
  return JSON.stringify({
    models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl, apiKey } } },
    gateway: { auth: { mode: "none" }, ledger: { enabled: false } },
  });
}

describe("a refused key fixed in the config of a running gateway", () => {
  it("is not sent again until fixed, and the fixed key goes out at the next request after the reload", async () => {
    const dir = tempDir("refused-reload-");
    const file = join(dir, "openclaw.json");
    writeFileSync(file, configWithKey(WRONG_KEY));
    const gateway = await startGateway({
      port: 0,
      watch: false,
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl },
    });
    try {
      const chat = async () => {
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            model: "moonshot/kimi-k2.5",
            messages: [{ role: "user", content: "hi" }],
          }),
        });
        return { status: response.status, body: JSON.stringify(await response.json()) };
      };
      const sent = () => sim.chatRequests().length;
      const before = sent();
      const refused = await chat();
      expect(refused.status).toBe(502);
      expect(refused.body).toContain("call its reload(), after the fix");
      expect(sent()).toBe(before + 1);
      // Benched: the same key is not sent again.
      const skipped = await chat();
      expect(skipped.status).toBe(502);
      expect(skipped.body).toContain("not tried");
      expect(sent()).toBe(before + 1);

      writeFileSync(file, configWithKey(sim.keys.moonshot));
      expect(gateway.reload()).toBe(true);
      const answered = await chat();
      expect(answered.status).toBe(200);
      expect(sent()).toBe(before + 2);
    } finally {
      await gateway.close();
    }
  });
});
