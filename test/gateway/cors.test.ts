/**
 * Browser pages calling the gateway (CORS), over real HTTP: the preflight a browser sends before a
 * chat request, the headers on answers (errors included), listed origins, and the refusals that
 * keep a token-less gateway from serving every web page.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOpenClawError } from "../../src/errors.js";
import { corsPolicy } from "../../src/gateway/cors.js";
import { startGateway } from "../../src/gateway/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let original = "";
beforeAll(async () => {
  env = await startGatewayEnv();
  original = readFileSync(env.configPath, "utf8");
});
afterAll(async () => {
  await env.close();
});

function withGateway(gateway: Record<string, unknown>): string {
  const config = JSON.parse(original) as { gateway: Record<string, unknown> };
  return JSON.stringify({ ...config, gateway: { ...config.gateway, ...gateway } });
}

function preflight(origin: string, path = "/v1/chat/completions") {
  return fetch(`${env.gateway.url}${path}`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type, x-stainless-os",
    },
  });
}

function chat(origin: string | undefined, token = GATEWAY_TOKEN) {
  return fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      ...(origin ? { origin } : {}),
    },
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "from a page" }],
    }),
  });
}

describe("CORS with token auth (the default)", () => {
  it("answers a browser's preflight, echoing the headers its SDK sends", async () => {
    const answer = await preflight("http://localhost:3000");
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(answer.headers.get("access-control-allow-methods")).toBe("GET, POST, DELETE, OPTIONS");
    expect(answer.headers.get("access-control-allow-headers")).toBe(
      "authorization, content-type, x-stainless-os",
    );
    expect(answer.headers.get("vary")).toContain("Origin");
  });

  it("lets a page delete a stored response: DELETE is among the preflight's methods", async () => {
    const answer = await fetch(`${env.gateway.url}/v1/responses/resp_x`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "DELETE",
        "access-control-request-headers": "authorization",
      },
    });
    expect(answer.status).toBe(204);
    const methods = (answer.headers.get("access-control-allow-methods") ?? "").split(/,\s*/);
    expect(methods).toContain("DELETE");
    expect(methods).toContain("GET");
  });

  it("lets the page read answers and errors, and leaves clients without Origin untouched", async () => {
    const ok = await chat("http://localhost:3000");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(ok.headers.get("access-control-expose-headers")).toContain("x-request-id");
    expect(
      ((await ok.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message
        .content,
    ).toBe("Echo: from a page");
    const refused = await chat("http://localhost:3000", "wrong-token");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    const plain = await chat(undefined);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("CORS settings, applied on reload", () => {
  it("serves only the listed origins", async () => {
    writeFileSync(
      env.configPath,
      withGateway({ cors: { origins: ["https://Chat.Example.com:443/"] } }),
    );
    expect(env.gateway.reload()).toBe(true);
    try {
      const listed = await preflight("https://chat.example.com");
      expect(listed.headers.get("access-control-allow-origin")).toBe("https://chat.example.com");
      const other = await preflight("https://evil.example");
      expect(other.status).toBe(204);
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      const models = await fetch(`${env.baseURL}/models`, {
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, origin: "https://evil.example" },
      });
      expect(models.status).toBe(200);
      expect(models.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      writeFileSync(env.configPath, original);
      expect(env.gateway.reload()).toBe(true);
    }
  });

  it("refuses an entry that is not an origin, and keeps serving the last good config", async () => {
    writeFileSync(env.configPath, withGateway({ cors: { origins: ["chat.example.com/app"] } }));
    try {
      expect(env.gateway.reload()).toBe(false);
      const still = await preflight("http://localhost:3000");
      expect(still.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    } finally {
      writeFileSync(env.configPath, original);
      expect(env.gateway.reload()).toBe(true);
    }
  });
});

describe("CORS without a token", () => {
  it("serves no web page by default, and will not start with origins ['*']", async () => {
    const noToken = { auth: { mode: "none" } };
    writeFileSync(env.configPath, withGateway(noToken));
    expect(env.gateway.reload()).toBe(true);
    try {
      const answer = await preflight("http://localhost:3000");
      expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      writeFileSync(env.configPath, original);
      expect(env.gateway.reload()).toBe(true);
    }

    writeFileSync(env.configPath, withGateway({ ...noToken, cors: { origins: ["*"] } }));
    try {
      let error: unknown;
      try {
        const gateway = await startGateway({ env: env.env, port: 0, transports: {}, watch: false });
        await gateway.close();
      } catch (caught) {
        error = caught;
      }
      // The config check refuses it, as `config set` and `config validate` do.
      expect(isOpenClawError(error)).toBe(true);
      expect(error).toMatchObject({
        code: "config.invalid",
        message: expect.stringContaining(
          'gateway.cors.origins[0]: is "*" while the gateway runs without a token (gateway.auth.mode "none"): any web page could use your provider keys',
        ),
        hint: expect.stringContaining('set gateway.auth.mode to "token"'),
      });
    } finally {
      writeFileSync(env.configPath, original);
    }
  });
});

describe("corsPolicy", () => {
  it("refuses '*' without a token in the words the config check uses", () => {
    let error: unknown;
    try {
      corsPolicy({ origins: ["*"] }, false);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: "gateway.cors_open",
      where: "gateway.cors.origins[0]",
      message:
        'gateway.cors.origins[0] is "*" while the gateway runs without a token (gateway.auth.mode "none"): any web page could use your provider keys',
    });
  });

  it("names the entry that is not an origin and what to write", () => {
    let error: unknown;
    try {
      corsPolicy({ origins: ["https://ok.example", "chat.example.com/app"] }, true);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: "gateway.cors_origin",
      message: 'gateway.cors.origins[1] is not an origin: "chat.example.com/app"',
      hint: 'write scheme, host and port only, like "https://chat.example.com"',
    });
  });
});
