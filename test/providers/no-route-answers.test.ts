/**
 * Well-known servers' answers for a path they have no route at, read through the real transport
 * over a socket: no API at the base URL (the config's baseUrl to fix, e.g. its missing /v1), with
 * the advice the other no-route answers get. The same servers' and real providers' refusals of a
 * model stay an unknown model (or a refused request): read as no API, they would bench a whole
 * working provider. Each answer is served at its own path, as the server sends it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderError } from "../../src/providers/errors.js";
import { moonshotModel } from "../helpers/models.js";
import {
  collect,
  failure,
  httpServer,
  type ServerStats,
  testTransport,
} from "./transport-helpers.js";

interface Answer {
  status: number;
  body: string;
  type?: string;
}

const json = (status: number, body: unknown): Answer => ({ status, body: JSON.stringify(body) });

/** Answers for a path without a route, by the name of the server that sends them. */
const NO_ROUTE: Record<string, Answer> = {
  // LM Studio answers a path it does not serve with a 200 (lmstudio-bug-tracker#618).
  "lm-studio": json(200, { error: "Unexpected endpoint or method. (POST /chat/completions)" }),
  // Azure OpenAI, for a wrong path or api-version.
  "azure-resource": json(404, { error: { code: "404", message: "Resource not found" } }),
  // Spring Boot's default error body: 2.5 and later leave message out, 2.3/2.4 send it empty,
  // older ones say "No message available".
  "spring-boot": json(404, {
    timestamp: "2026-12-03T10:00:00.000+00:00",
    status: 404,
    error: "Not Found",
    path: "/chat/completions",
  }),
  "spring-boot-empty": json(404, {
    timestamp: "2026-12-03T10:00:00.000+00:00",
    status: 404,
    error: "Not Found",
    message: "",
    path: "/chat/completions",
  }),
  "spring-boot-old": json(404, {
    timestamp: 1764756000000,
    status: 404,
    error: "Not Found",
    message: "No message available",
    path: "/chat/completions",
  }),
  // Cloudflare's API (Workers AI's account URL without /ai/v1): a 400 with code 7000.
  cloudflare: json(400, {
    success: false,
    errors: [{ code: 7000, message: "No route for that URI" }],
    messages: [],
    result: null,
  }),
  // The same, for an account id in the base URL that is not one (code 7003 first).
  "cloudflare-account": json(400, {
    success: false,
    errors: [
      {
        code: 7003,
        message:
          "Could not route to /accounts/0000/ai/v1/chat/completions, perhaps your object identifier is invalid?",
      },
      { code: 7000, message: "No route for that URI" },
    ],
    messages: [],
    result: null,
  }),
  // Zhipu's open.bigmodel.cn (Spring Boot) for /api/paas/v4/v1/chat/completions.
  zhipu: json(404, {
    timestamp: "2026-06-27T05:18:33.909+00:00",
    status: 404,
    error: "Not Found",
    path: "/api/paas/v4/v1/chat/completions",
  }),
  // Groq's api.groq.com/openai without its /v1.
  "groq-root": json(404, { error: { message: "Not Found" } }),
  // A site's page (an SPA's index.html for any path) answered with a 200.
  "web-page": {
    status: 200,
    body: "<!doctype html>\n<html><head><title>My App</title></head><body><div id=root></div></body></html>\n",
    type: "text/html; charset=utf-8",
  },
  // Kong, a gateway in front of the API with no route for the path.
  kong: json(404, { message: "no Route matched with those values" }),
  // Echo (LocalAI) and Traefik.
  echo: json(404, { message: "Not Found" }),
  traefik: { status: 404, body: "404 page not found\n", type: "text/plain; charset=utf-8" },
  // Caddy when no route matched: a 200 with nothing in it, and no Content-Type.
  caddy: { status: 200, body: "", type: "" },
  // AWS API Gateway for a resource or method it has no route at, before any key is looked at.
  "api-gateway": json(403, { message: "Missing Authentication Token" }),
};

/** Answers that say neither the model nor the address for sure, or not the address. */
const OTHER: Record<string, Answer> = {
  // TGI or Envoy with no route for the path: a 404 with nothing in it.
  envoy: { status: 404, body: "", type: "" },
  // A captive portal's sign-in page, for any address the network is asked for.
  portal: {
    status: 200,
    body: '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Guest Wi-Fi Login</title></head><body><form action="/login">Accept the terms</form></body></html>',
    type: "text/html; charset=utf-8",
  },
};

/** Refusals of a model, or of a request, that must not read as no API at the base URL. */
const NOT_NO_ROUTE: Record<string, Answer & { errorClass: string }> = {
  // Azure's unknown deployment (the model's name in its URL).
  "azure-deployment": {
    ...json(404, {
      error: {
        code: "DeploymentNotFound",
        message:
          "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
      },
    }),
    errorClass: "not_found",
  },
  // Cloudflare Workers AI's unknown model: its own words, a refused request.
  "cloudflare-model": {
    ...json(400, {
      errors: [{ message: "AiError: No such model @cf/moonshot/kimi-k9 or task", code: 5007 }],
      success: false,
      result: {},
      messages: [],
    }),
    errorClass: "bad_request",
  },
  // Ollama's unknown model, a string error as LM Studio's 200 is.
  ollama: {
    ...json(404, { error: "model 'kimi-k9' not found, try pulling it first" }),
    errorClass: "not_found",
  },
  // Anthropic's not_found_error naming the model.
  anthropic: {
    ...json(404, {
      type: "error",
      error: { type: "not_found_error", message: "model: kimi-k9" },
    }),
    errorClass: "not_found",
  },
  // Moonshot's unknown model.
  moonshot: {
    ...json(404, {
      error: {
        message: "Not found the model kimi-k9 or Permission denied",
        type: "resource_not_found_error",
      },
    }),
    errorClass: "not_found",
  },
  // OpenAI's unknown model, whose type names it whatever its words.
  "openai-model": {
    ...json(404, {
      error: {
        message: "The model `kimi-k9` does not exist or you do not have access to it.",
        type: "invalid_request_error",
        param: null,
        code: "model_not_found",
      },
    }),
    errorClass: "not_found",
  },
  // A model_not_found whose words would read as a path's: its type says it is the model's.
  "typed-not-found": {
    ...json(404, { error: { message: "Resource not found", type: "model_not_found" } }),
    errorClass: "not_found",
  },
  // Spring Boot's 404 with its exception's words (message included): an application's refusal.
  "spring-boot-model": {
    ...json(404, {
      timestamp: "2026-12-03T10:00:00.000+00:00",
      status: 404,
      error: "Not Found",
      message: "model kimi-k9 not found",
      path: "/v1/chat/completions",
    }),
    errorClass: "not_found",
  },
  // A proxy's or a CDN's page for a failure of its own: what its status says, never no API.
  "nginx-502": {
    status: 502,
    body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    type: "text/html",
    errorClass: "server",
  },
  "nginx-504": {
    status: 504,
    body: "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n",
    type: "text/html",
    errorClass: "server",
  },
  "cloudflare-522": {
    status: 522,
    body: '<!DOCTYPE html>\n<html class="no-js" lang="en-US"><head>\n<title>llm.example.com | 522: Connection timed out</title>\n<meta charset="UTF-8" /></head><body></body></html>\n',
    type: "text/html; charset=UTF-8",
    errorClass: "server",
  },
  // Cloudflare's bot check (its challenge page), a 403.
  "cloudflare-challenge": {
    status: 403,
    body: '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>',
    type: "text/html; charset=UTF-8",
    errorClass: "forbidden_client",
  },
};

/** A 200 with an `error` of another kind: an answer that holds none, as before. */
const OTHER_200_ERROR = json(200, { error: "the model crashed while loading" });

let server: ServerStats;
const { transport, agent } = testTransport();

beforeAll(async () => {
  server = await httpServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const name = (request.url ?? "").split("/")[1] ?? "";
      if (name === "redirect") {
        // nginx sending plain http to https: the POST is not followed, its page is no answer.
        response.writeHead(301, {
          "content-type": "text/html",
          location: "https://api.example.test/v1/chat/completions",
        });
        response.end(
          "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        );
        return;
      }
      if (name === "html-typed-stream") {
        // A real answer whose server calls it text/html: read by what it is.
        response.writeHead(200, { "content-type": "text/html" });
        response.end(
          `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "pong" }, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`,
        );
        return;
      }
      const answer =
        NO_ROUTE[name] ??
        NOT_NO_ROUTE[name] ??
        OTHER[name] ??
        (name === "other-200" ? OTHER_200_ERROR : undefined);
      if (!answer) {
        response.writeHead(500);
        response.end();
        return;
      }
      response.writeHead(
        answer.status,
        answer.type === ""
          ? {}
          : { "content-type": answer.type ?? "application/json; charset=utf-8" },
      );
      response.end(answer.body);
    });
  });
});
afterAll(async () => {
  await agent.close();
  await server.close();
});

function ask(name: string, stream: boolean): Promise<ProviderError> {
  const model = moonshotModel("m", {
    provider: "local",
    ref: "local/m",
    baseUrl: `${server.origin}/${name}`,
  });
  return failure(
    collect(
      transport,
      model,
      { messages: [{ role: "user", content: "hi" }] },
      { apiKey: "sk-local-0123456789abcdef", stream },
    ),
  );
}

describe("a server's answer for a path it has no route at", () => {
  it.each(
    Object.keys(NO_ROUTE).flatMap((name) => [
      [name, false],
      [name, true],
    ]),
  )("%s (stream %s) reads as no API at the base URL", async (name, stream) => {
    const error = await ask(String(name), Boolean(stream));
    expect(error.noApiAtBaseUrl).toBe(true);
    expect(error.errorClass).toBe("not_found");
    expect(error.message).toContain("has no API at its base URL (asked for model m)");
    expect(error.where).toBe("models.providers.local.baseUrl");
    expect(error.hint).toContain(
      `models.providers.local.baseUrl is ${server.origin}/${name}, where no API answers: set it to ${server.origin}/${name}/v1`,
    );
    expect(error.hint).not.toContain("models scan");
  });

  it("says the server's words after the status, LM Studio's 200 too", async () => {
    expect((await ask("lm-studio", false)).message).toMatch(
      /: 200 Unexpected endpoint or method\. \(POST \/chat\/completions\)$/,
    );
    expect((await ask("azure-resource", true)).message).toMatch(/: 404 Resource not found$/);
    expect((await ask("spring-boot-old", false)).message).toMatch(/: 404 Not Found$/);
    expect((await ask("cloudflare", false)).message).toMatch(/: 400 No route for that URI$/);
    for (const stream of [false, true]) {
      expect((await ask("web-page", stream)).message).toMatch(
        /: 200 an HTML page \("My App"\), as a web server or proxy sends, not an API's answer$/,
      );
      // Not "not valid JSON" (a server error, retried) nor a stream cut before its first event.
      expect((await ask("caddy", stream)).message).toMatch(
        /: 200 an empty body, as a web server answers a path it has no route at \(Caddy does\)$/,
      );
      // Not "refused this client" with User-Agent advice, nor a refused key.
      const gateway = await ask("api-gateway", stream);
      expect(gateway.message).toMatch(
        /: 403 Missing Authentication Token \(AWS API Gateway's answer for a path it has no route at, not a refusal of the key\)$/,
      );
      expect(gateway.hint).not.toContain("User-Agent");
    }
  });
});

describe("an empty 404 (TGI's or Envoy's for a path without a route)", () => {
  it.each([false, true])(
    "names the base URL to check first, never the model as unknown (stream %s)",
    async (stream) => {
      const error = await ask("envoy", stream);
      expect(error.message).toContain("answered 404 with an empty body for model m");
      expect(error.message).not.toContain("does not know the model");
      expect(error.hint).toMatch(/^check models\.providers\.local\.baseUrl, now /);
    },
  );
});

describe("a web page where the base URL is an API's (a captive portal's sign-in)", () => {
  it.each([false, true])(
    "is the network's page to sign in to, not a base URL to fix, and benches nothing (stream %s)",
    async (stream) => {
      const model = moonshotModel("m", {
        provider: "local",
        ref: "local/m",
        baseUrl: `${server.origin}/portal/v1`,
        baseUrlAt: "openclaw.json:7",
      });
      const error = await failure(
        collect(
          transport,
          model,
          { messages: [{ role: "user", content: "hi" }] },
          { apiKey: "sk-local-0123456789abcdef", stream },
        ),
      );
      expect(error.message).toBe(
        `local (${new URL(server.origin).host}) got a web page from the network in place of its API (asked for model m): 200 an HTML page ("Guest Wi-Fi Login"), as a web server or proxy sends, not an API's answer`,
      );
      expect(error.noApiAtBaseUrl).toBe(false);
      // Its own class, not a proxy's 407 (no proxy setting to look for): not retried, another
      // model tried, no cooldown.
      expect(error.errorClass).toBe("network_login");
      expect(error.code).toBe("provider.network_login");
      expect(error.retryable).toBe(false);
      expect(error.fallbackWorthy).toBe(true);
      expect(error.where).toBe("openclaw.json:7");
      expect(error.hint).toBe(
        `something on this network answered in place of the API at ${server.origin}/portal/v1 (models.providers.local.baseUrl (openclaw.json:7)): most likely a captive portal (a hotel's, a train's or a guest Wi-Fi's sign-in page) or a proxy's login page; sign in to the network in a browser, or check the proxy (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY), then retry; if that address is a web site rather than the provider's API, set it to the API's address`,
      );
    },
  );
});

describe("a refusal of a model, or another 200 with an error", () => {
  it.each(
    Object.keys(NOT_NO_ROUTE).flatMap((name) => [
      [name, false],
      [name, true],
    ]),
  )("%s (stream %s) is not read as no API at the base URL", async (name, stream) => {
    const error = await ask(String(name), Boolean(stream));
    expect(error.noApiAtBaseUrl).toBe(false);
    expect(error.errorClass).toBe(NOT_NO_ROUTE[String(name)]?.errorClass);
    expect(error.message).not.toContain("has no API at its base URL");
  });

  it("a proxy's or a CDN's page is said by its title, not its HTML", async () => {
    for (const [name, title] of [
      ["nginx-502", "502 Bad Gateway"],
      ["cloudflare-522", "llm.example.com | 522: Connection timed out"],
      ["cloudflare-challenge", "Just a moment..."],
    ]) {
      const error = await ask(String(name), false);
      expect(error.message, name).toContain(
        `an HTML page ("${title}"), as a web server or proxy sends, not an API's answer`,
      );
      expect(error.message, name).not.toMatch(/<html|<!DOCTYPE/i);
    }
    // The bot check is no refusal of the client by the API: no User-Agent advice for Kimi Code.
    const challenge = await ask("cloudflare-challenge", true);
    const host = new URL(server.origin).host;
    expect(challenge.hint).toBe(
      `a web page answered in place of the API: a firewall or CDN in front of ${host} turned the request away (as Cloudflare's bot check does); check that this machine may reach ${host} (its network, VPN or proxy), or ask whoever runs it`,
    );
  });

  it.each([false, true])(
    "a 200 whose error is of another kind stays an answer that holds none (stream %s)",
    async (stream) => {
      const error = await ask("other-200", stream);
      expect(error.noApiAtBaseUrl).toBe(false);
      expect(error.errorClass).toBe("server");
      expect(error.message).toContain("502 server_error the response is not a chat completion");
    },
  );
});

describe("a redirect's web page", () => {
  // Only a 2xx page is a site at the base URL: a 3xx one read as a refused request ("check the
  // model's params"), not retried, since a 3xx is no status the classes know.
  it.each([false, true])(
    "is an answer that holds none, retried as before (stream %s)",
    async (stream) => {
      const error = await ask("redirect", stream);
      expect(error.noApiAtBaseUrl).toBe(false);
      expect(error.errorClass).toBe("server");
      expect(error.message).not.toContain("rejected the request");
      expect(error.message).toContain(
        "the response is a 301 with an HTML page, not a chat completion (a redirect is not followed)",
      );
    },
  );
});

describe("a real answer", () => {
  it("streamed with a Content-Type of text/html is read as the stream it is", async () => {
    const model = moonshotModel("m", {
      provider: "local",
      ref: "local/m",
      baseUrl: `${server.origin}/html-typed-stream`,
    });
    const events = await collect(
      transport,
      model,
      { messages: [{ role: "user", content: "hi" }] },
      { apiKey: "sk-local-0123456789abcdef", stream: true },
    );
    const text = events.map((event) => (event.type === "text" ? event.delta : "")).join("");
    expect(text).toBe("pong");
  });
});
