/**
 * A header value with a line break or NUL cannot be sent. From the config (written so, or a
 * `${VAR}` that expands with a newline) it is a config error at its place; from a library caller's
 * `request.headers` it is refused before any request. Either way: at once, no retries, no
 * fallback, no cooldown, and never "could not be reached" (it was classified as a network failure
 * and retried 3 times). The value is never shown. Real sockets to an upstream that counts.
 */
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { checkKey, probeCredit, probeModels } from "../../src/auth/index.js";
import { type OpenClawConfig, openRuntime } from "../../src/index.js";
import { countTokensRemote } from "../../src/runtime/index.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { moonshotModel } from "../helpers/models.js";
import { tempDir } from "../helpers/tmp.js";
import { freshState } from "../onboard/harness.js";

const HIDDEN = "s3cr3t-part-after-break";

let upstream: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  upstream = undefined;
});

/** An upstream that answers every chat request with a short completion, and counts them. */
async function countingUpstream(): Promise<{ port: number; requests: () => number }> {
  let count = 0;
  upstream = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "c1",
          object: "chat.completion",
          model: "m1",
          choices: [
            { index: 0, message: { role: "assistant", content: "fine" }, finish_reason: "stop" },
          ],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => upstream?.listen(0, "127.0.0.1", resolve));
  return { port: (upstream.address() as AddressInfo).port, requests: () => count };
}

function providerConfig(port: number, headers: Record<string, string> = {}): OpenClawConfig {
  return {
    models: {
      providers: {
        proxy: customProvider(
          [
            { id: "m1", name: "m1" },
            { id: "m2", name: "m2" },
          ],
          {
            baseUrl: `http://127.0.0.1:${port}/v1`,
            apiKey: "sk-headerbreaks0000000000001",
            headers,
          },
        ),
      },
    },
    agents: { defaults: { model: { primary: "proxy/m1", fallbacks: ["proxy/m2"] } } },
  };
}

describe("a library caller's request.headers value with a line break", () => {
  it("is refused before any request, naming the header and provider, with no retry, fallback or cooldown", async () => {
    const { port, requests } = await countingUpstream();
    const { runtime } = openRuntime({
      config: providerConfig(port),
      env: { OPENCLAW_STATE_DIR: tempDir() },
    });
    const messages = [{ role: "user" as const, content: "hi" }];
    const refused = await runtime
      .complete({ request: { messages, headers: { "x-trace": `abc\r\n${HIDDEN}` } } })
      .then(
        () => undefined,
        (error: { code: string; message: string; hint?: string }) => error,
      );
    expect(refused?.code).toBe("request.header_invalid");
    expect(refused?.message).toBe(
      'header "x-trace" for provider proxy contains a line break or NUL, so it cannot be sent (its value is not shown); it is in request.headers',
    );
    expect(JSON.stringify(refused)).not.toContain(HIDDEN);
    expect(requests()).toBe(0);
    // Nothing was benched: the next call without that header is answered by the primary.
    const answered = await runtime.complete({ request: { messages } });
    expect(answered.model).toBe("proxy/m1");
    expect(requests()).toBe(1);
  });
});

describe("a config header value with a line break", () => {
  it("from a ${VAR}: agent fails at once with a config error at file:line, no retries, nothing sent", async () => {
    const { port, requests } = await countingUpstream();
    const state = freshState({ TRACE_HEADER: `abc\r\n${HIDDEN}` });
    writeFileSync(
      state.configPath,
      JSON.stringify(providerConfig(port, { "x-trace": "${TRACE_HEADER}" }), null, 2),
    );
    const result = await state.run(["agent", "-m", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /models\.providers\.proxy\.headers\.x-trace: a header value must not contain a line break or NUL \(its value is not shown\) \(.*openclaw\.json:\d+\)/,
    );
    expect(result.stderr).toContain("the ${VAR} in it expands to text with a line break");
    expect(result.stderr).not.toContain("retrying");
    expect(result.stderr).not.toContain("could not be reached");
    expect(result.stdout + result.stderr).not.toContain(HIDDEN);
    expect(requests()).toBe(0);
  });

  it("written in the file: config validate --json and doctor name its path and line", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      `{\n  models: { providers: { proxy: {\n    baseUrl: "http://127.0.0.1:9/v1",\n    headers: { "x-trace": "abc\\n${HIDDEN}" },\n    models: [{ id: "m1", name: "m1" }],\n  } } },\n}\n`,
    );
    const validate = await state.run(["config", "validate", "--json"]);
    expect(validate.code).toBe(1);
    const { problems } = JSON.parse(validate.stdout) as {
      problems: Array<Record<string, unknown>>;
    };
    expect(problems).toEqual([
      expect.objectContaining({
        path: "models.providers.proxy.headers.x-trace",
        line: 4,
        hint: "write the value on one line, without \\n, \\r or \\0",
      }),
    ]);
    const doctor = await state.run(["doctor"]);
    expect(doctor.stdout).toContain(
      "models.providers.proxy.headers.x-trace: a header value must not contain a line break or NUL",
    );
    for (const result of [validate, doctor]) {
      expect(result.stdout + result.stderr).not.toContain(HIDDEN);
    }
  });
});

describe("a header value with a line break in a probe of the endpoint or a token count", () => {
  it("is the config's error, as a chat request says, and nothing is sent: not an unreachable endpoint", async () => {
    const { port, requests } = await countingUpstream();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const brokenHeaders = { "x-trace": `abc\n${HIDDEN}` };
    const endpoint = { label: "proxy endpoint", provider: "proxy", baseUrl };

    const listed = await probeModels({ ...endpoint, headers: brokenHeaders }, "sk-fine00000001");
    expect(listed.kind).toBe("header_invalid");
    const listedError = listed.kind === "header_invalid" ? listed.error : undefined;
    expect(listedError?.code).toBe("config.header_invalid");
    expect(listedError?.message).toBe(
      'header "x-trace" for provider proxy contains a line break or NUL, so it cannot be sent (its value is not shown)',
    );
    expect(listedError?.hint).toContain("models.providers.proxy.headers.x-trace");

    const checked = await checkKey({ target: endpoint, key: `sk-broken\n${HIDDEN}` });
    expect(checked.status).toBe("header_invalid");
    expect(checked.message).toMatch(/^header "authorization" .*: the API key has one$/);

    const credit = await probeCredit(endpoint, "moonshot-ai", `sk-broken\n${HIDDEN}`).then(
      () => undefined,
      (error: { code: string; message: string }) => error,
    );
    expect(credit?.code).toBe("config.header_invalid");
    expect(credit?.message).toContain("the API key has one");

    const model = moonshotModel("kimi-k2.5", { baseUrl, headers: brokenHeaders });
    const counted = await countTokensRemote(
      model,
      { messages: [{ role: "user", content: "hi" }] },
      "sk-fine00000001",
    ).then(
      () => undefined,
      (error: { code: string; message: string }) => error,
    );
    expect(counted?.code).toBe("config.header_invalid");
    expect(counted?.message).toContain('header "x-trace" for provider moonshot');

    for (const told of [listedError, checked, credit, counted])
      expect(JSON.stringify(told)).not.toContain(HIDDEN);
    expect(requests()).toBe(0);
  });
});
