import { describe, expect, it } from "vitest";
import { parsePath } from "../../src/config/index.js";
import {
  classifyProviderError,
  endpointOf,
  parseRetryAfter,
  redactSecrets,
  transportFailure,
} from "../../src/providers/index.js";
import { authHint } from "../../src/providers/key-refusal-hint.js";
import { fixedSamplingFrom } from "../../src/runtime/fixed-sampling.js";
import { kimiCodeModel, moonshotModel } from "../helpers/models.js";

const body = (type: string, message: string) => JSON.stringify({ error: { type, message } });

describe("classifyProviderError", () => {
  it("classifies by type before status: an empty balance is quota at 429 and at 403", () => {
    for (const status of [429, 403]) {
      const error = classifyProviderError({
        status,
        body: body("exceeded_current_quota_error", "Your account is not active"),
        model: moonshotModel(),
      });
      expect(error.errorClass).toBe("quota");
      expect(error.retryable).toBe(false);
      expect(error.hint).toContain("platform.moonshot.ai");
    }
  });

  it("a 401 from a built-in region, classified without the config, names the other region's address, not a ref the config may have moved; a provider of one's own, its baseUrl", () => {
    const refused = body("invalid_authentication_error", "Invalid Authentication");
    const cn = classifyProviderError({
      status: 401,
      body: refused,
      model: moonshotModel("kimi-k2.5", {
        provider: "moonshot-cn",
        ref: "moonshot-cn/kimi-k2.5",
        baseUrl: "https://api.moonshot.cn/v1",
      }),
    });
    // Before: "use moonshot/kimi-k2.5 instead", though onboarding China's choice puts moonshot there.
    expect(cn.hint).toContain(
      "if the key comes from platform.moonshot.ai, use it with a provider whose baseUrl is https://api.moonshot.ai/v1 (the international platform); otherwise",
    );
    expect(cn.hint).not.toContain("moonshot/kimi-k2.5");
    const ai = classifyProviderError({ status: 401, body: refused, model: moonshotModel() });
    expect(ai.hint).toContain(
      "if the key comes from platform.moonshot.cn, use it with a provider whose baseUrl is https://api.moonshot.cn/v1 (the China platform); otherwise",
    );
    expect(ai.hint).not.toContain("moonshot-cn/");
    const own = classifyProviderError({
      status: 401,
      body: refused,
      model: moonshotModel("kimi-k2.5", {
        provider: "my-moonshot",
        ref: "my-moonshot/kimi-k2.5",
        baseUrl: "https://api.moonshot.cn/v1",
      }),
    });
    expect(own.hint).toContain(
      "if the key comes from platform.moonshot.ai, set models.providers.my-moonshot.baseUrl to https://api.moonshot.ai/v1; otherwise",
    );
  });

  it("a refused key's hint, given what the config offers for the other region, names that ref or says none reaches it", () => {
    const cn = endpointOf("https://api.moonshot.cn/v1");
    const model = { provider: "moonshot-cn", id: "kimi-k2.5" };
    const fix = "put the right key in $MOONSHOT_API_KEY";
    expect(authHint(cn, model, false, fix, { ref: "moonshot/kimi-k2.5" })).toBe(
      `Moonshot keys work only in the region that issued them; this request went to https://api.moonshot.cn/v1 (China); if the key comes from platform.moonshot.ai, use moonshot/kimi-k2.5 instead; otherwise ${fix}`,
    );
    const moved = { ref: undefined, provider: "moonshot", at: "https://api.moonshot.cn/v1" };
    expect(authHint(cn, model, false, fix, moved)).toBe(
      `Moonshot keys work only in the region that issued them; this request went to https://api.moonshot.cn/v1 (China); under this config no built-in provider sends keys to the international platform (provider moonshot sends its requests to https://api.moonshot.cn/v1), so moonshot-cn needs a key from platform.moonshot.cn: ${fix}`,
    );
    const absent = { ref: undefined, provider: "moonshot", at: undefined };
    expect(authHint(cn, model, false, fix, absent)).toContain(
      "(this config has no provider moonshot), so moonshot-cn needs a key from platform.moonshot.cn",
    );
    // A provider of one's own is told its baseUrl whatever the config offers.
    expect(authHint(cn, { provider: "my-moonshot", id: "kimi-k2.5" }, false, fix, moved)).toContain(
      "set models.providers.my-moonshot.baseUrl to https://api.moonshot.ai/v1",
    );
  });

  it("an error body with an empty type and message adds nothing to the sentence (no double space)", () => {
    const error = classifyProviderError({
      status: 502,
      body: JSON.stringify({ error: { type: "", message: "" } }),
      model: moonshotModel(),
      headers: { "x-trace-id": "t-502" },
    });
    expect(error.errorClass).toBe("server");
    expect(error.message).toMatch(/: 502 \(trace t-502\)$/);
    expect(error.message).not.toContain("  ");
    // A type left empty does not hide the code beside it.
    const coded = classifyProviderError({
      status: 502,
      body: JSON.stringify({ error: { type: " ", code: "upstream_down", message: "down" } }),
      model: moonshotModel(),
    });
    expect(coded.message).toMatch(/: 502 upstream_down down$/);
  });

  it("a first-byte timeout names the settings that set it", () => {
    const error = transportFailure({
      errorClass: "timeout",
      detail: "no response within 120000 ms (first-byte timeout)",
      model: moonshotModel(),
      traceId: undefined,
      cause: undefined,
    });
    expect(error.errorClass).toBe("timeout");
    expect(error.hint).toContain("gateway.timeouts.firstByteMs");
    expect(error.hint).toContain("the timeouts option in the library");
    // A library error names no CLI flag: agent adds --timeout to its own hint.
    expect(error.hint).not.toContain("--timeout");
  });

  it("tells Kimi Code's used-up plan from its refusal of the client, though both are 403 access_terminated_error", () => {
    const planLimits = [
      "You've reached your weekly (7-day) usage limit. Your quota will reset when the current 7-day window ends. To continue now, purchase extra usage or upgrade your plan: https://www.kimi.com/membership/subscription?tab=quota",
      "You've reached your usage limit for this billing cycle. Your quota will be refreshed in the next cycle. To continue now, purchase extra usage or upgrade your plan: https://www.kimi.com/code/#pricing",
    ];
    for (const message of planLimits) {
      const error = classifyProviderError({
        status: 403,
        body: body("access_terminated_error", message),
        model: kimiCodeModel(),
      });
      expect(error.errorClass).toBe("quota");
      expect(error.retryable).toBe(false);
      expect(error.hint).toContain("Kimi Code plan quota is used up");
      expect(error.hint).not.toContain("User-Agent");
      expect(error.message).toContain(message.slice(0, 40));
    }
    const refusedClient = classifyProviderError({
      status: 403,
      body: body(
        "access_terminated_error",
        "Kimi For Coding is currently only available for Coding Agents such as Kimi CLI, Claude Code, Roo Code, Kilo Code, etc.",
      ),
      model: kimiCodeModel(),
    });
    expect(refusedClient.errorClass).toBe("forbidden_client");
    // No User-Agent went: the command in the hint sets the provider's, as `openclaw config set`
    // takes it. (One that went and was refused is changed on the model: moonshot-quirks.test.ts.)
    const bare = classifyProviderError({
      status: 403,
      body: body("access_terminated_error", "Kimi For Coding is currently only available"),
      model: kimiCodeModel({ headers: {} }),
    });
    const command = /openclaw config set '([^']+)' '([^']+)'/.exec(bare.hint ?? "");
    expect(command?.[1]).toBe("models.providers.kimi-code.headers");
    expect(parsePath(command?.[1] ?? "")).toEqual(["models", "providers", "kimi-code", "headers"]);
    expect(JSON.parse(command?.[2] ?? "")).toEqual({ "User-Agent": "KimiCLI/0.77" });
    expect(refusedClient.hint).toContain('sent "User-Agent: KimiCLI/0.77"');
  });

  it("points Kimi Code's refusal of kimi-cli's old thinking options at the header that asks for them", () => {
    const error = classifyProviderError({
      status: 400,
      body: body(
        "invalid_request_error",
        "invalid request: unknown think_v2 option: keep_reasoning_content",
      ),
      model: kimiCodeModel(),
    });
    expect(error.errorClass).toBe("bad_request");
    expect(error.hint).toContain(
      "remove the X-Msh-Platform header from models.providers.kimi-code",
    );
  });

  it("tells a base URL the API is not under from an unknown model, with the address to set", () => {
    const urlNotFound = JSON.stringify({
      code: 5,
      error: "url.not_found",
      message: "没找到对象",
      method: "POST",
      scode: "0x5",
      status: false,
    });
    const cn = classifyProviderError({
      status: 404,
      body: urlNotFound,
      model: moonshotModel("kimi-k2.5", { baseUrl: "https://api.moonshot.cn" }),
    });
    expect(cn.errorClass).toBe("not_found");
    expect(cn.message).toContain("has no API at its base URL");
    expect(cn.where).toBe("models.providers.moonshot.baseUrl");
    expect(cn.hint).toContain("set it to https://api.moonshot.cn/v1");
    // Kimi Code's Anthropic-compatible root, and a web server's 404 page for it.
    const kimi = classifyProviderError({
      status: 404,
      body: "<html><head><title>404 Not Found</title></head><body>nginx</body></html>",
      model: kimiCodeModel({ baseUrl: "https://api.kimi.com/coding" }),
    });
    expect(kimi.message).toContain("has no API at its base URL");
    expect(kimi.message).not.toContain("<html>");
    expect(kimi.hint).toContain("set it to https://api.kimi.com/coding/v1");
    // Moonshot's own refusal of a model, and another server's words in a string `error`, stay
    // an unknown model.
    for (const refusal of [
      body("resource_not_found_error", "Not found the model kimi-k9 or Permission denied"),
      JSON.stringify({ error: "model 'kimi-k9' not found" }),
    ]) {
      const unknown = classifyProviderError({ status: 404, body: refusal, model: moonshotModel() });
      expect(unknown.message).toContain("does not know the model");
      expect(unknown.hint).toContain("openclaw models scan");
    }
    // The server's words in a string `error`, or FastAPI's `detail`, are said, not dropped.
    expect(
      classifyProviderError({
        status: 404,
        body: JSON.stringify({ error: 'model "kimi-k9" not found, try pulling it first' }),
        model: moonshotModel(),
      }).message,
    ).toContain('404 model "kimi-k9" not found, try pulling it first');
    expect(
      classifyProviderError({
        status: 404,
        body: JSON.stringify({ detail: "Not Found" }),
        model: moonshotModel(),
      }).message,
    ).toMatch(/: 404 Not Found$/);
  });

  it("tells a server's 404 for a path it has no route at from its refusal of a model", () => {
    const custom = (baseUrl: string) =>
      moonshotModel("m", { provider: "custom", ref: "custom/m", baseUrl });
    const at404 = (text: string, baseUrl = "http://127.0.0.1:8000") =>
      classifyProviderError({ status: 404, body: text, model: custom(baseUrl) });
    // Each server's answer for a path it serves nothing at: no API at the base URL.
    for (const noRoute of [
      JSON.stringify({ detail: "Not Found" }), // FastAPI: vLLM, LiteLLM, most self-hosted servers
      "404 page not found", // Go: Ollama's answer for a path without /v1
      JSON.stringify({
        error: {
          message: "Invalid URL (POST /chat/completions)",
          type: "invalid_request_error",
          param: null,
          code: null,
        },
      }), // OpenAI's
      JSON.stringify({
        error: {
          message:
            "Unknown request URL: POST /chat/completions. Please check the URL for typos, or see the docs at https://console.groq.com/docs/",
          type: "invalid_request_error",
          code: "unknown_url",
        },
      }), // Groq's
      JSON.stringify({ error: { code: 404, message: "File Not Found", type: "not_found_error" } }), // llama.cpp's
      JSON.stringify({
        message: "Route POST:/chat/completions not found",
        error: "Not Found",
        statusCode: 404,
      }), // Fastify's
    ]) {
      const error = at404(noRoute);
      expect(error.message, noRoute).toContain("has no API at its base URL (asked for model m)");
      expect(error.noApiAtBaseUrl, noRoute).toBe(true);
      expect(error.where, noRoute).toBe("models.providers.custom.baseUrl");
      expect(error.hint, noRoute).toContain(
        "models.providers.custom.baseUrl is http://127.0.0.1:8000, where no API answers: set it to http://127.0.0.1:8000/v1",
      );
      expect(error.hint, noRoute).not.toContain("models scan");
    }
    // A 405: the chat URL takes no POST (a static site's nginx, FastAPI's route for GET only).
    for (const noPost of [
      "<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
      JSON.stringify({ detail: "Method Not Allowed" }),
    ]) {
      const error = classifyProviderError({
        status: 405,
        body: noPost,
        model: custom("http://127.0.0.1:8000"),
      });
      expect(error.message, noPost).toContain(
        "has no API at its base URL (asked for model m): 405 ",
      );
      expect(error.noApiAtBaseUrl, noPost).toBe(true);
      expect(error.errorClass, noPost).toBe("not_found");
      expect(error.fallbackWorthy, noPost).toBe(true);
      expect(error.hint, noPost).toContain("set it to http://127.0.0.1:8000/v1");
    }
    // Said once: Go's words after the status, not "404 404 page not found".
    expect(at404("404 page not found").message).toMatch(/: 404 page not found$/);
    // The same servers' refusal of a model they do not serve stays an unknown model: vLLM's
    // (old and new shapes), OpenAI's, Ollama's.
    for (const unknownModel of [
      JSON.stringify({
        object: "error",
        message: "The model `kimi-k9` does not exist.",
        type: "NotFoundError",
        param: null,
        code: 404,
      }),
      JSON.stringify({
        error: {
          message: "The model `kimi-k9` does not exist.",
          type: "NotFoundError",
          param: null,
          code: 404,
        },
      }),
      JSON.stringify({
        error: {
          message: "The model `kimi-k9` does not exist or you do not have access to it.",
          type: "invalid_request_error",
          param: null,
          code: "model_not_found",
        },
      }),
      JSON.stringify({
        error: {
          message: 'model "kimi-k9" not found, try pulling it first',
          type: "not_found_error",
          param: null,
          code: null,
        },
      }),
    ]) {
      const error = at404(unknownModel, "http://127.0.0.1:8000/v1");
      expect(error.message, unknownModel).toContain("does not know the model m");
      expect(error.noApiAtBaseUrl, unknownModel).toBe(false);
      expect(error.hint, unknownModel).toContain("openclaw models scan");
    }
  });

  it("tells a 400 that says the model does not exist as an unknown model, not a bad request", () => {
    const custom = moonshotModel("deepseek-v9", {
      provider: "custom",
      ref: "custom/deepseek-v9",
      baseUrl: "https://api.example.com/v1",
    });
    for (const refusal of [
      body("invalid_request_error", "Model Not Exist"), // DeepSeek's
      body(
        "invalid_request_error",
        "litellm.BadRequestError: Invalid model name passed in model=deepseek-v9. Call `/v1/models` to view available models for your key.",
      ), // LiteLLM's
      JSON.stringify({
        object: "error",
        message: "Invalid model: deepseek-v9",
        type: "invalid_model",
        code: "1500",
      }), // Mistral's
      body("invalid_model", "Invalid model 'deepseek-v9'."), // Perplexity's
    ]) {
      const error = classifyProviderError({ status: 400, body: refusal, model: custom });
      expect(error.errorClass, refusal).toBe("not_found");
      expect(error.fallbackWorthy, refusal).toBe(true);
      expect(error.message, refusal).toContain("does not know the model deepseek-v9: 400");
      expect(error.hint, refusal).toContain("openclaw models scan --provider custom");
    }
    // A refusal of what the model cannot do stays a bad request.
    for (const refusal of [
      body("invalid_request_error", "model does not currently support: ['tools']"),
      body("invalid_request_error", "This model does not support image input"),
    ]) {
      expect(classifyProviderError({ status: 400, body: refusal, model: custom }).errorClass).toBe(
        "bad_request",
      );
    }
  });

  it("says a 404 with an empty body names neither the model nor the address, and checks both", () => {
    const error = classifyProviderError({
      status: 404,
      body: "",
      model: moonshotModel("m", {
        provider: "custom",
        ref: "custom/m",
        baseUrl: "http://127.0.0.1:8000",
      }),
    });
    expect(error.errorClass).toBe("not_found");
    expect(error.noApiAtBaseUrl).toBe(false);
    expect(error.message).toBe(
      "custom (127.0.0.1:8000) answered 404 with an empty body for model m, which does not say whether the model or the base URL is unknown there",
    );
    expect(error.hint).toBe(
      "check models.providers.custom.baseUrl, now http://127.0.0.1:8000 (if its API is elsewhere, most likely at http://127.0.0.1:8000/v1); if it is right, the model id: see what the key may use with: openclaw models scan --provider custom",
    );
  });

  it("takes kimi.com and its subdomains for Kimi Code, not a host that only ends in the same letters", () => {
    expect(endpointOf("https://api.kimi.com/coding/v1").kind).toBe("kimi-code");
    expect(endpointOf("https://kimi.com/v1").kind).toBe("kimi-code");
    expect(endpointOf("https://notkimi.com/v1").kind).toBe("other");
    expect(endpointOf("https://api.notkimi.com:8443/v1").kind).toBe("other");
    // Another provider's key refused there is not told to get a Kimi Code key.
    const refused = classifyProviderError({
      status: 401,
      body: body("invalid_authentication_error", "Invalid Authentication"),
      model: moonshotModel("m", {
        provider: "custom",
        ref: "custom/m",
        baseUrl: "https://llm.notkimi.com/v1",
      }),
    });
    expect(refused.hint).not.toContain("Kimi Code");
  });

  it("reads a 400 as an unknown model only when the model itself is what is unknown", () => {
    const custom = moonshotModel("kimi-k2.5-x", {
      provider: "custom",
      ref: "custom/kimi-k2.5-x",
      baseUrl: "https://api.example.com/v1",
    });
    const at400 = (refusal: string) =>
      classifyProviderError({ status: 400, body: refusal, model: custom });
    // Real providers' words for a model they do not serve, at 400.
    for (const refusal of [
      JSON.stringify({ error: { message: "kimi-k2.5-x is not a valid model ID", code: 400 } }), // OpenRouter's
      body("invalid_request_error", "The model `kimi-k2.5-x` does not exist."), // an id with dots
      JSON.stringify({
        code: 20012,
        message: "Model does not exist. Please check it carefully.",
        data: null,
      }), // SiliconFlow's
      JSON.stringify({
        error: {
          message:
            "Unable to access non-serverless model moonshotai/Kimi-K2.5-x. Please visit https://api.together.ai/models/moonshotai/Kimi-K2.5-x to create and start a new dedicated endpoint for the model.",
          type: "invalid_request_error",
          param: null,
          code: "model_not_available",
        },
      }), // Together's
      JSON.stringify({ error: { code: "1211", message: "模型不存在，请检查模型代码。" } }), // Zhipu's
      JSON.stringify({ detail: "Model not found in the model list, uid: kimi-k2.5-x" }), // Xinference's
      JSON.stringify({ error: "Invalid model" }),
      body("invalid_request_error", "Invalid model ID"),
    ]) {
      const error = at400(refusal);
      expect(error.errorClass, refusal).toBe("not_found");
      expect(error.message, refusal).toContain("does not know the model kimi-k2.5-x: 400");
    }
    // Words about something else that name the model: a bad request, not a model to change
    // (which would bench the model and send the next request to a fallback).
    for (const refusal of [
      body(
        "invalid_request_error",
        "The tool 'get_weather' requested by the model was not found in the request's tools",
      ),
      body("invalid_request_error", "Invalid model output: tool call arguments are not valid JSON"),
      body("invalid_request_error", "Unknown model parameter 'top_k'"),
      body("invalid_request_error", "Tool call id call_abc not found in previous model output"),
      body(
        "invalid_request_error",
        "The model `o1-mini` does not support 'system' with this model.",
      ),
      JSON.stringify({ error: "registry.ollama.ai/library/gemma:2b does not support tools" }), // Ollama's
      JSON.stringify({
        object: "error",
        message:
          '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
        type: "BadRequestError",
        code: 400,
      }), // vLLM's
    ]) {
      expect(at400(refusal).errorClass, refusal).toBe("bad_request");
    }
  });

  it("keeps real providers' 404 for a model they do not serve an unknown model, not a base URL to fix", () => {
    const custom = moonshotModel("m", {
      provider: "custom",
      ref: "custom/m",
      baseUrl: "https://api.example.com/v1",
    });
    for (const refusal of [
      body("resource_not_found_error", "Not found the model kimi-k2.5 or Permission denied"), // Moonshot's
      JSON.stringify({
        message: "Model not found, inaccessible, and/or not deployed",
        param: "model",
        code: "NOT_FOUND",
        type: "error",
      }), // Fireworks'
      JSON.stringify({
        error: {
          message:
            "Unable to access model moonshotai/Kimi-K2. Please visit https://api.together.xyz to see the list of supported models or contact the owner to request access.",
          type: "invalid_request_error",
          param: null,
          code: "model_not_found",
        },
      }), // Together's
      JSON.stringify({
        error: {
          code: "DeploymentNotFound",
          message:
            "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
        },
      }), // Azure OpenAI's
      JSON.stringify({ type: "error", error: { type: "not_found_error", message: "model: m" } }), // Anthropic's
      JSON.stringify({
        error: {
          message: 'Model "m" not found. Please specify a valid model.',
          type: "invalid_request_error",
          param: "model",
          code: "model_not_found",
        },
      }), // LM Studio's
      JSON.stringify({
        error: {
          message: "The model `m` does not exist or you do not have access to it.",
          type: "invalid_request_error",
          code: "model_not_found",
        },
      }), // Groq's
    ]) {
      const error = classifyProviderError({ status: 404, body: refusal, model: custom });
      expect(error.errorClass, refusal).toBe("not_found");
      expect(error.noApiAtBaseUrl, refusal).toBe(false);
      expect(error.message, refusal).toContain("does not know the model m: 404");
    }
    // Anthropic's answer for a path it has no route at is its "Not Found".
    const noRoute = classifyProviderError({
      status: 404,
      body: JSON.stringify({
        type: "error",
        error: { type: "not_found_error", message: "Not Found" },
      }),
      model: custom,
    });
    expect(noRoute.noApiAtBaseUrl).toBe(true);
  });

  it("says a web page that answered in place of an API as one, by its title", () => {
    const nginx =
      "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n";
    const error = classifyProviderError({
      status: 404,
      body: nginx,
      model: moonshotModel("m", {
        provider: "custom",
        ref: "custom/m",
        baseUrl: "https://llm.example.com/v1",
      }),
    });
    expect(error.message).toBe(
      'custom (llm.example.com) has no API at its base URL (asked for model m): 404 an HTML page ("404 Not Found"), as a web server or proxy sends, not an API\'s answer',
    );
    expect(error.noApiAtBaseUrl).toBe(true);
    expect(error.hint).toContain("models.providers.custom.baseUrl is https://llm.example.com/v1");
    expect(error.hint).not.toContain("models scan");
  });

  it("suggests for another provider's base URL only an address that can be right", () => {
    const webPage404 = "<html><head><title>404 Not Found</title></head><body>nginx</body></html>";
    const hintFor = (baseUrl: string) =>
      classifyProviderError({
        status: 404,
        body: webPage404,
        model: moonshotModel("m", { provider: "custom", ref: "custom/m", baseUrl }),
      }).hint;
    // The whole endpoint's URL given as the base URL: the part before /chat/completions.
    expect(hintFor("https://llm.example.com/v1/chat/completions")).toContain(
      "set it to https://llm.example.com/v1 (the base URL ends before /chat/completions",
    );
    // A path with its version elsewhere than at the end gets no /v1 after it.
    const gemini = hintFor("https://generativelanguage.googleapis.com/v1beta/openai");
    expect(gemini).not.toContain("/openai/v1");
    expect(gemini).toContain("check its path against the provider's documentation");
    // Kimi's other host names: Kimi Code's API, not the same host with /v1.
    expect(hintFor("https://www.kimi.com/coding/")).toContain(
      "set it to https://api.kimi.com/coding/v1",
    );
    // Another address than the one given plus /v1 says whose API it is, not 'under /v1'.
    expect(hintFor("https://api.kimi.com")).toContain(
      "set it to https://api.kimi.com/coding/v1 (Kimi Code's API)",
    );
    expect(hintFor("https://platform.moonshot.cn/console")).toContain(
      "set it to https://api.moonshot.cn/v1 (Moonshot's API)",
    );
    expect(hintFor("https://api.moonshot.ai/")).toContain(
      "set it to https://api.moonshot.ai/v1 (the API is under /v1)",
    );
    // A root without a version: /v1, said as the likely place it is, not as a fact.
    expect(hintFor("https://llm.example.com")).toContain(
      "set it to https://llm.example.com/v1 (most OpenAI-compatible APIs are under /v1)",
    );
  });

  it("falls back to the status when the body has no type", () => {
    const cases: Array<[number, string, string]> = [
      [500, "upstream connect error", "server"],
      [503, "", "server"],
      [401, "", "auth"],
      [404, "", "not_found"],
      [429, "slow down", "rate_limit"],
      [400, "Your request exceeded model token limit: 8192", "context_length"],
      [400, "bad field", "bad_request"],
    ];
    for (const [status, text, expected] of cases) {
      expect(classifyProviderError({ status, body: text, model: moonshotModel() }).errorClass).toBe(
        expected,
      );
    }
  });

  it("reads the limit of a token-limit refusal with or without Moonshot's count of the request", () => {
    const overflow = (message: string) =>
      classifyProviderError({
        status: 400,
        body: body("invalid_request_error", message),
        model: moonshotModel(),
      }).overflow;
    expect(
      overflow(
        "Invalid request: Your request exceeded model token limit: 262144 (requested: 270336)",
      ),
    ).toEqual({ by: "provider_tokens", limitTokens: 262_144, requestedTokens: 270_336 });
    expect(overflow("Invalid request: Your request exceeded model token limit: 262144")).toEqual({
      by: "provider_limit",
      limitTokens: 262_144,
    });
  });

  it("names the region a 401 came from and the other endpoint", () => {
    const cn = classifyProviderError({
      status: 401,
      body: body("invalid_authentication_error", "Invalid Authentication"),
      headers: { "x-trace-id": "tr-1" },
      model: moonshotModel("kimi-k2.5", { baseUrl: "https://api.moonshot.cn/v1" }),
    });
    expect(cn.errorClass).toBe("auth");
    expect(cn.message).toContain("api.moonshot.cn");
    expect(cn.message).toContain("tr-1");
    expect(cn.hint).toContain("https://api.moonshot.ai/v1");
    const known = classifyProviderError({
      status: 401,
      body: body("invalid_authentication_error", "Invalid Authentication"),
      model: moonshotModel("kimi-k2.5", { baseUrl: "https://api.moonshot.ai/v1" }),
      otherRegionAccepted: true,
    });
    expect(known.errorClass).toBe("wrong_region");
    // The built-in moonshot, classified without the config: the China address, not moonshot
    // re-pointed, nor moonshot-cn, which the config may have moved.
    expect(known.hint).toContain(
      "use it with a provider whose baseUrl is https://api.moonshot.cn/v1",
    );
    expect(known.hint).not.toContain("set models.providers.moonshot.baseUrl");
  });

  it("says a key known to belong to the other region as a fact, each thing once", () => {
    const refused = (model: ReturnType<typeof moonshotModel>) =>
      classifyProviderError({
        status: 401,
        body: body("invalid_authentication_error", "Invalid Authentication"),
        model,
        otherRegionAccepted: true,
      }).hint;
    const builtIn = refused(moonshotModel("kimi-k2.5", { baseUrl: "https://api.moonshot.ai/v1" }));
    expect(builtIn).toBe(
      "this key belongs to the China platform (platform.moonshot.cn): use it with a provider whose baseUrl is https://api.moonshot.cn/v1, or give moonshot a key from platform.moonshot.ai (MOONSHOT_API_KEY or the provider's apiKey)",
    );
    const own = refused(
      moonshotModel("kimi-k2.5", { provider: "kimi-cn", baseUrl: "https://api.moonshot.cn/v1" }),
    );
    expect(own).toBe(
      "this key belongs to the international platform (platform.moonshot.ai): set models.providers.kimi-cn.baseUrl to https://api.moonshot.ai/v1, or give kimi-cn a key from platform.moonshot.cn (MOONSHOT_API_KEY or the provider's apiKey)",
    );
    for (const hint of [builtIn, own]) {
      expect(hint).not.toContain("if the key comes from");
      expect(hint).not.toContain("otherwise check the key");
      // The region is named once, and each address once.
      expect(hint?.match(/\b(China|international)\b/g)).toHaveLength(1);
      for (const address of hint?.match(/\S*moonshot\.(ai|cn)\S*/g) ?? [])
        expect(hint?.split(address)).toHaveLength(2);
    }
  });

  it("says a known other-region key with the config's ref, or that the config sends none there", () => {
    const endpoint = endpointOf("https://api.moonshot.ai/v1");
    const model = { provider: "moonshot", id: "kimi-k2.5" };
    const fix = 'put the right key in auth profile "moonshot:default"';
    expect(authHint(endpoint, model, true, fix, { ref: "moonshot-cn/kimi-k2.5" })).toBe(
      'this key belongs to the China platform (platform.moonshot.cn): use moonshot-cn/kimi-k2.5 instead, or put the right key in auth profile "moonshot:default"',
    );
    expect(
      authHint(endpoint, model, true, fix, {
        ref: undefined,
        provider: "moonshot-cn",
        at: "https://api.moonshot.ai/v1",
      }),
    ).toBe(
      'this key belongs to the China platform (platform.moonshot.cn), and under this config no built-in provider sends keys there (provider moonshot-cn sends its requests to https://api.moonshot.ai/v1): put the right key in auth profile "moonshot:default"',
    );
  });

  it("tells Kimi Code users about its own keys", () => {
    const error = classifyProviderError({
      status: 401,
      body: body("invalid_authentication_error", "Invalid Authentication"),
      model: kimiCodeModel(),
    });
    expect(error.hint).toContain("sk-kimi-");
  });

  it("never repeats an API key the provider echoed", () => {
    const key = "sk-test-moonshot-ai-0001";
    const error = classifyProviderError({
      status: 401,
      body: body("incorrect_api_key_error", `Incorrect API key provided: ${key}`),
      model: moonshotModel(),
      apiKey: key,
    });
    expect(error.message).not.toContain(key);
    expect(JSON.stringify(error.toJSON())).not.toContain(key);
    expect(redactSecrets("key sk-abcdefghijkl and more")).toBe("key sk-*** and more");
  });

  it("reads Retry-After as seconds or as a date", () => {
    expect(parseRetryAfter({ "retry-after": "2" })).toBe(2000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, now)).toBe(5000);
    expect(parseRetryAfter({ "retry-after": "soon" })).toBeUndefined();
  });

  it("reads a date to the second in whole seconds, rounded up, not this clock's milliseconds", () => {
    const now = Date.parse("2026-01-01T00:00:00.126Z");
    expect(parseRetryAfter({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }, now)).toBe(30_000);
    // A fraction of a second a provider sent is its own precision, and kept.
    expect(parseRetryAfter({ "retry-after": "1.5" })).toBe(1500);
    expect(parseRetryAfter({ "x-retry-after": "0.2" })).toBe(200);
    // Only retry-after-ms is a wait to the millisecond.
    expect(parseRetryAfter({ "retry-after-ms": "1500", "retry-after": "2" })).toBe(1500);
  });
});

describe("a router's wrapped provider error (OpenRouter's metadata.raw)", () => {
  const openRouter = moonshotModel("moonshotai/kimi-k2.5", {
    ref: "openrouter/moonshotai/kimi-k2.5",
    provider: "openrouter",
    baseUrl: "https://openrouter.ai/api/v1",
  });
  const wrapped = (code: number, raw: string) =>
    JSON.stringify({
      error: {
        message: "Provider returned error",
        code,
        metadata: { raw, provider_name: "Moonshot AI", is_byok: false },
      },
    });

  it("says Moonshot's own refusal, which the runtime can act on, not only 'Provider returned error'", () => {
    const error = classifyProviderError({
      status: 400,
      body: wrapped(
        400,
        JSON.stringify({
          error: {
            message: "invalid temperature: only 1 is allowed for this model",
            type: "invalid_request_error",
          },
        }),
      ),
      model: openRouter,
    });
    expect(error.errorClass).toBe("bad_request");
    expect(error.providerType).toBe("invalid_request_error");
    expect(error.message).toContain(
      "Provider returned error (Moonshot AI): invalid temperature: only 1 is allowed for this model",
    );
    expect(fixedSamplingFrom(error.message)).toEqual({ param: "temperature", value: 1 });
  });

  it("classifies by the provider's type (a rate limit is retried) and reads a body of detail or text", () => {
    const limited = classifyProviderError({
      status: 429,
      body: wrapped(
        429,
        JSON.stringify({
          error: { type: "rate_limit_reached_error", message: "please try again after 1 seconds" },
        }),
      ),
      model: openRouter,
    });
    expect(limited.errorClass).toBe("rate_limit");
    expect(limited.retryAfterMs).toBe(1000);
    const detail = classifyProviderError({
      status: 400,
      body: wrapped(400, JSON.stringify({ detail: "model does not currently support: ['tools']" })),
      model: openRouter,
    });
    expect(detail.message).toContain("(Moonshot AI): model does not currently support: ['tools']");
    const plain = classifyProviderError({
      status: 502,
      body: wrapped(502, "upstream connect error"),
      model: openRouter,
    });
    expect(plain.message).toContain(
      "Provider returned error (Moonshot AI): upstream connect error",
    );
  });
});
