/**
 * One rule for which web origins a token-less gateway can allow: what its 403 tells a page's
 * owner to add to gateway.cors.origins, the config check accepts and the running gateway serves;
 * origins that cannot be allowed (browser extensions, `null`) are refused by the config check
 * with the reason, and the 403 says to use a token instead of suggesting them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, validateConfig } from "../../src/config/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

function configIssues(origins: string[]): { path: string; message: string; hint?: string }[] {
  try {
    validateConfig({ gateway: { cors: { origins } } });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => ({ ...issue }));
  }
}

describe("the config check of gateway.cors.origins", () => {
  it("accepts web origins and '*'", () => {
    expect(configIssues(["https://chat.example.com", "http://localhost:3000", "*"])).toEqual([]);
  });

  it("refuses extension and opaque origins, saying a token is the way", () => {
    const [extension] = configIssues(["chrome-extension://abcdefgh"]);
    expect(extension).toMatchObject({
      message: expect.stringContaining('is not an origin: "chrome-extension://abcdefgh"'),
      hint: expect.stringContaining("chrome-extension: origins (browser extensions"),
    });
    expect(extension?.hint).toContain('gateway.auth.mode "token"');
    const [opaque] = configIssues(["null"]);
    expect(opaque?.hint).toContain("sandboxed frames and file: pages");
    const [path] = configIssues(["https://chat.example.com/app"]);
    expect(path?.hint).toBe('write scheme, host and port only, like "https://chat.example.com"');
  });
});

describe("a token-less gateway's refusal of a web page", () => {
  let env: GatewayEnv;
  let original = "";
  beforeAll(async () => {
    env = await startGatewayEnv();
    original = readFileSync(env.configPath, "utf8");
    const config = JSON.parse(original) as { gateway: Record<string, unknown> };
    writeFileSync(
      env.configPath,
      JSON.stringify({ ...config, gateway: { ...config.gateway, auth: { mode: "none" } } }),
    );
    expect(env.gateway.reload()).toBe(true);
  });
  afterAll(async () => {
    writeFileSync(env.configPath, original);
    await env?.close();
  });

  async function refusal(origin: string): Promise<string> {
    const response = await fetch(`${env.baseURL}/models`, { headers: { origin } });
    expect(response.status).toBe(403);
    return ((await response.json()) as { error: { message: string } }).error.message;
  }

  it("does not suggest listing an extension or a null origin: it says to use a token", async () => {
    for (const origin of ["chrome-extension://abcdefgh", "null"]) {
      const message = await refusal(origin);
      expect(message).not.toContain("add ");
      expect(message).toContain("that kind of origin cannot be listed in gateway.cors.origins");
      expect(message).toContain('set gateway.auth.mode to "token"');
      expect(configIssues([origin])).toHaveLength(1);
    }
  });

  it("suggests a web page's origin, which the config then accepts and the gateway serves", async () => {
    const message = await refusal("http://localhost:5173");
    expect(message).toContain('add "http://localhost:5173" to gateway.cors.origins');
    expect(configIssues(["http://localhost:5173"])).toEqual([]);
    const config = JSON.parse(original) as { gateway: Record<string, unknown> };
    writeFileSync(
      env.configPath,
      JSON.stringify({
        ...config,
        gateway: {
          ...config.gateway,
          auth: { mode: "none" },
          cors: { origins: ["http://localhost:5173"] },
        },
      }),
    );
    expect(env.gateway.reload()).toBe(true);
    const served = await fetch(`${env.baseURL}/models`, {
      headers: { origin: "http://localhost:5173" },
    });
    expect(served.status).toBe(200);
    expect(served.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });
});

describe("headers a page's SDK can read", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("exposes x-should-retry, so a browser SDK does not retry a final error", async () => {
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { error: "quota" }, times: 5 },
    ]);
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${GATEWAY_TOKEN}`,
        "content-type": "application/json",
        origin: "http://localhost:3000",
      },
      body: JSON.stringify({
        model: "moonshot/kimi-k2-turbo-preview",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(response.headers.get("x-should-retry")).toBe("false");
    const exposed = (response.headers.get("access-control-expose-headers") ?? "").split(/,\s*/);
    expect(exposed).toContain("x-should-retry");
    expect(exposed).toContain("retry-after");
  });
});
