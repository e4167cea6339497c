/**
 * The gateway's model discovery for a provider set to `api: "anthropic-messages"` at Kimi Code's
 * Anthropic base URL (`…/coding`, no `/v1`): it asks `GET /coding/v1/models`, where Kimi Code
 * lists its models, not `/coding/models` (the host's 404, which left the list unread).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscoveryReport } from "../../src/gateway/model-discovery.js";
import { eventually, type GatewayEnv } from "./harness.js";
import { startKimiCodeOverAnthropic } from "./kimi-code-over-anthropic.js";

describe("model discovery of an anthropic-messages provider", () => {
  let env: GatewayEnv;
  const reports: DiscoveryReport[] = [];
  const lines: string[] = [];
  beforeAll(async () => {
    env = await startKimiCodeOverAnthropic({
      start: {
        log: (line) => lines.push(line),
        onDiscovery: (report) => reports.push(report),
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("reads the provider's list at /coding/v1/models", async () => {
    await eventually(
      () => reports.some((report) => report.provider === "kimi-code"),
      5000,
      "kimi-code's discovery report",
    );
    const report = reports.find((entry) => entry.provider === "kimi-code");
    expect(report?.error).toBeUndefined();
    expect(report?.ok).toBe(true);
    expect(report?.listed).toContain("kimi-for-coding");
    const asked = env.sim.requests.map((request) => `${request.method} ${request.path}`);
    expect(asked).toContain("GET /coding/v1/models");
    expect(asked).not.toContain("GET /coding/models");
    expect(lines.join("\n")).not.toContain("could not read the models kimi-code serves");
  });
});
