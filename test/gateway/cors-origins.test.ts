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

function configIssues(
  origins: string[],
  auth?: Record<string, unknown>,
): { path: string; message: string; hint?: string }[] {
  try {
    validateConfig({ gateway: { ...(auth ? { auth } : {}), cors: { origins } } });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => ({ ...issue }));
  }
}

const NO_TOKEN = { mode: "none" };

describe("the config check of gateway.cors.origins", () => {
  it("accepts web origins, and '*' with a token", () => {
    expect(configIssues(["https://chat.example.com", "http://localhost:3000", "*"])).toEqual([]);
    expect(configIssues(["*"], { mode: "token" })).toEqual([]);
  });

  it("refuses '*' without a token, with the words the gateway uses", () => {
    const issues = configIssues(["http://localhost:3000", "*"], NO_TOKEN);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      path: "gateway.cors.origins[1]",
      message:
        'is "*" while the gateway runs without a token (gateway.auth.mode "none"): any web page could use your provider keys',
      hint: 'list the origins of your web apps (like "http://localhost:3000"), or set gateway.auth.mode to "token"',
    });
  });

  it("refuses extension and opaque origins; with a token it says to leave the list unset", () => {
    const [extension] = configIssues(["chrome-extension://abcdefgh"]);
    expect(extension).toMatchObject({
      message: expect.stringContaining('is not an origin: "chrome-extension://abcdefgh"'),
      hint: expect.stringContaining(
        "chrome-extension: origins (browser extensions) cannot be listed",
      ),
    });
    expect(extension?.hint).toContain('leave gateway.cors.origins unset (or ["*"])');
    expect(extension?.hint).not.toContain("gateway.auth.mode");
    const [opaque] = configIssues(["null"]);
    expect(opaque?.hint).toContain("sandboxed frames and file: pages");
    expect(opaque?.hint).toContain("leave gateway.cors.origins unset");
    const [path] = configIssues(["https://chat.example.com/app"]);
    expect(path?.hint).toBe('write scheme, host and port only, like "https://chat.example.com"');
  });

  it("without a token, says the client needs one (and the list unset)", () => {
    for (const origin of ["chrome-extension://abcdefgh", "moz-extension://abc", "null"]) {
      const [issue] = configIssues([origin], NO_TOKEN);
      expect(issue?.hint).toContain(
        'such a client needs a gateway token: set gateway.auth.mode to "token", leave gateway.cors.origins unset',
      );
    }
  });

  it("does not call a file: page or a host without a scheme a browser extension", () => {
    const [file] = configIssues(["file://"]);
    expect(file?.hint).toContain('file: pages send the origin "null"');
    expect(file?.hint).not.toContain("extension");
    const [bare] = configIssues(["localhost:3000"]);
    expect(bare?.hint).toBe('write scheme, host and port only, like "https://chat.example.com"');
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
      expect(message).toContain("leave gateway.cors.origins unset");
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

describe("origins compared as browsers write them", () => {
  let env: GatewayEnv;
  let original = "";
  beforeAll(async () => {
    env = await startGatewayEnv();
    original = readFileSync(env.configPath, "utf8");
  });
  afterAll(async () => {
    await env?.close();
  });

  function useGateway(gateway: Record<string, unknown>): void {
    const config = JSON.parse(original) as { gateway: Record<string, unknown> };
    writeFileSync(
      env.configPath,
      JSON.stringify({ ...config, gateway: { ...config.gateway, ...gateway } }),
    );
    expect(env.gateway.reload()).toBe(true);
  }

  it("serves an upper-case Origin whose lower-case form is listed, without a token", async () => {
    useGateway({ auth: { mode: "none" }, cors: { origins: ["http://localhost:3000"] } });
    const served = await fetch(`${env.baseURL}/models`, {
      headers: { origin: "HTTP://LOCALHOST:3000" },
    });
    expect(served.status).toBe(200);
    expect(served.headers.get("access-control-allow-origin")).toBe("HTTP://LOCALHOST:3000");
    // An unlisted one is refused, and the hint names the origin as it would be listed.
    const refused = await fetch(`${env.baseURL}/models`, {
      headers: { origin: "HTTP://LOCALHOST:3001" },
    });
    expect(refused.status).toBe(403);
    const message = ((await refused.json()) as { error: { message: string } }).error.message;
    expect(message).toContain('add "http://localhost:3001" to gateway.cors.origins');
  });

  it("with a token and a narrowed list, answers an upper-case listed Origin with CORS headers", async () => {
    useGateway({ cors: { origins: ["http://localhost:3000"] } });
    const answer = await fetch(`${env.baseURL}/models`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, origin: "HTTP://LOCALHOST:3000" },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("HTTP://LOCALHOST:3000");
  });

  it("with a token and no list, serves a browser extension that sends the token, as the config hint says", async () => {
    const extension = "chrome-extension://abcdefghijklmnop";
    useGateway({ cors: { origins: ["http://localhost:3000"] } });
    const narrowed = await fetch(`${env.baseURL}/models`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, origin: extension },
    });
    expect(narrowed.headers.get("access-control-allow-origin")).toBeNull();
    useGateway({});
    const open = await fetch(`${env.baseURL}/models`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, origin: extension },
    });
    expect(open.status).toBe(200);
    expect(open.headers.get("access-control-allow-origin")).toBe(extension);
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
