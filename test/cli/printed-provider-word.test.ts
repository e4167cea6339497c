/**
 * The commands openclaw prints with a config path under a provider (`models.providers.<id>.…`) or
 * a model's ref (`--model <ref>`) give each as one shell word that reads back as that path or ref:
 * a provider id with a dot (`my.lab`, which config set reads as two keys unless bracketed) or a
 * model id with a space, a `#` and a quote was printed as it is, so the command pasted failed.
 * Each is run here as pasted, in a plain shell, and what it did is checked. The built CLI,
 * against a loopback upstream.
 */

import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODEL_FLAG } from "../../src/cli/model-argument.js";
import { userAgentHint } from "../../src/providers/user-agent-hint.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { freshState, type StateDir } from "../onboard/harness.js";

const PROVIDER = "my.lab";
/** The model the upstream no longer serves (404), and the one it serves. */
const GONE = "m-old";
const SERVED = "kimi k2 #1's";

interface Upstream {
  /** The upstream's root: its API is under /v1. */
  root: string;
  /** The models the chat requests named. */
  asked: string[];
  server: Server;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = "";
  req.setEncoding("utf8");
  for await (const chunk of req) body += chunk as string;
  return body;
}

/** Lists SERVED under /v1/models; answers it under /v1/chat/completions, 404s GONE; else 404. */
async function startUpstream(): Promise<Upstream> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: SERVED, object: "model" }] }));
      return;
    }
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><body>Not Found</body></html>");
      return;
    }
    void bodyOf(req).then((body) => {
      const model = String((JSON.parse(body) as { model?: unknown }).model);
      asked.push(model);
      if (model !== SERVED) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: {
              message: `Not found the model ${model} or Permission denied`,
              type: "resource_not_found_error",
            },
          }),
        );
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "c1",
          object: "chat.completion",
          model,
          choices: [
            { index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" },
          ],
          usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { root: `http://127.0.0.1:${port}`, asked, server };
}

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await new Promise((resolve) => upstream.server.close(resolve));
});

interface ProviderSettings {
  baseUrl?: string;
  model?: string;
}

/** A state dir whose config has PROVIDER only, with `model` (GONE) as its model and the default. */
function stateWith({
  baseUrl = `${upstream.root}/v1`,
  model = GONE,
}: ProviderSettings = {}): StateDir {
  const state = freshState();
  writeFileSync(
    state.configPath,
    JSON.stringify({
      agents: { defaults: { model: `${PROVIDER}/${model}` } },
      models: {
        mode: "replace",
        providers: {
          [PROVIDER]: {
            baseUrl,
            apiKey: "sk-fake-test-key-0001",
            api: "openai-completions",
            models: [{ id: model, name: "Lab model" }],
          },
        },
      },
    }),
    { mode: 0o600 },
  );
  return state;
}

/** PROVIDER's entry in the config as it is on disk now. */
function savedProvider(state: StateDir): Record<string, unknown> {
  const config = state.config() as {
    models: { providers: Record<string, Record<string, unknown>> };
  };
  return config.models.providers[PROVIDER] ?? {};
}

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

function pasted(command: string, state: StateDir): Promise<{ stdout: string; stderr: string }> {
  return runInPlainShell(`OPENCLAW_STATE_DIR='${state.dir}' ${command}`, state.dir);
}

describe("printed commands naming a provider with a dot in its id, or a model with a quote", () => {
  it("a base URL without /v1 is set by the printed config set as pasted", async () => {
    const state = stateWith({ baseUrl: upstream.root });
    const result = await state.run(["agent", "-m", "hi"]);
    const said = unwrapped(result.stdout + result.stderr);
    const set = /(openclaw config set \S.*?\/v1')/.exec(said);
    expect(set, said).not.toBeNull();
    await pasted(set?.[1] ?? "", state);
    expect(savedProvider(state).baseUrl).toBe(`${upstream.root}/v1`);
  });

  it("Kimi Code's User-Agent hint sets the provider's headers as pasted", async () => {
    const state = stateWith();
    const hint = userAgentHint({
      model: { provider: PROVIDER, id: GONE, baseUrl: `${upstream.root}/v1`, headers: {} },
    });
    const set = /(openclaw config set \S.*?\}')/.exec(hint);
    expect(set, hint).not.toBeNull();
    await pasted(set?.[1] ?? "", state);
    expect(savedProvider(state).headers).toEqual({ "User-Agent": "KimiCLI/0.77" });
  });

  it("its hint for a refused User-Agent sets the model's own as pasted", async () => {
    const state = stateWith();
    const hint = userAgentHint({
      model: { provider: PROVIDER, id: GONE, baseUrl: `${upstream.root}/v1`, headers: {} },
      userAgent: "curl/8.5.0",
    });
    const set = /(openclaw config set \S.*? 'KimiCLI\/0\.77')/.exec(hint);
    expect(set, hint).not.toBeNull();
    await pasted(set?.[1] ?? "", state);
    const [model] = savedProvider(state).models as Array<Record<string, unknown>>;
    expect(model?.headers).toEqual({ "User-Agent": "KimiCLI/0.77" });
  });

  it("--model as hints give it asks for the ref as pasted", async () => {
    const state = stateWith({ model: SERVED });
    await pasted(`openclaw agent ${MODEL_FLAG(`${PROVIDER}/${SERVED}`)} -m hi`, state);
    expect(upstream.asked.at(-1)).toBe(SERVED);
  });
});
