/**
 * A plain-JavaScript program's `resolveKey` (startGateway's, createRuntime's) that returns what is
 * no key: the key as a string, a number, null, an object without its value or source, a promise.
 * Before, startGateway rejected with a raw TypeError from inside (`Cannot read properties of
 * undefined (reading 'kind')`, from borrowed-key.js), an object without `value` started a gateway
 * whose requests got an anonymous 500 'internal gateway error', and a runtime's run failed the
 * same way. Now each is refused naming the function, the model, what it returned (by kind, never
 * the key) and what to return instead, with one code from both: `resolve_key.not_a_key` (before,
 * startGateway's was `gateway.resolve_key_threw`, a throw's, and createRuntime's `usage`).
 * Real gateway and simulator, over sockets.
 */
import { describe, expect, it } from "vitest";
import {
  createRuntime,
  isKnownErrorCode,
  isOpenClawError,
  type KeyResolver,
  type OpenClawError,
  ResolveKeyError,
  startGateway,
  toResolvedKey,
} from "../src/index.js";
import { withSimulator } from "./helpers/file-simulator.js";
import { askGateway } from "./helpers/gateway-chat.js";
import { keylessCatalog, keylessGatewayConfig } from "./helpers/keyless-moonshot.js";
import { tempDir } from "./helpers/tmp.js";
import type { Simulator } from "./simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

/** What plain JavaScript may return from resolveKey, and what the error says it returned. */
function wrongReturns(): { name: string; returned: () => unknown; said: RegExp }[] {
  const key = sim.keys.moonshot;
  return [
    { name: "the key as a string", returned: () => key, said: /returned a string for / },
    { name: "a number", returned: () => 42, said: /returned a number for / },
    { name: "null", returned: () => null, said: /returned null for / },
    {
      name: "an object without value",
      returned: () => ({ key, source: { kind: "env", variable: "VAULT_KEY" } }),
      said: /returned an object for moonshot\/[\w.-]+ that is not a key: its value \(the key, a string\) is undefined$/,
    },
    {
      name: "an object whose source is the key",
      returned: () => ({ value: key, source: key, masked: "sk-…", fingerprint: "f" }),
      said: /that is not a key: its source is a string$/,
    },
    {
      name: "an object whose source has another kind",
      returned: () => ({ value: key, source: { kind: key }, masked: "sk-…", fingerprint: "f" }),
      said: /that is not a key: its source\.kind is a string, not "profile", "env" or "config"$/,
    },
    {
      name: "a key without a fingerprint",
      returned: () => ({ ...toResolvedKey(key, { kind: "env", variable: "V" }), fingerprint: 7 }),
      said: /that is not a key: its fingerprint is a number, not a string$/,
    },
    {
      name: "a promise of the key",
      returned: async () => key,
      said: /returned a promise for moonshot\/[\w.-]+, not its key$/,
    },
  ];
}

/** The error's every word, as a program would log it. */
function everyWord(error: OpenClawError): string {
  return `${String(error)} ${error.hint ?? ""} ${error.where ?? ""} ${JSON.stringify(error)}`;
}

function gatewayOptions(resolveKey: unknown, log: string[] = []) {
  return {
    port: 0,
    watch: false,
    env: { OPENCLAW_STATE_DIR: tempDir("rkr-state-") },
    config: keylessGatewayConfig(sim),
    // As plain JavaScript passes it: the types do not stop it.
    resolveKey: resolveKey as KeyResolver,
    log: (line: string) => log.push(line),
  };
}

describe("startGateway's resolveKey returning what is no key", () => {
  it("refuses the start naming the function, the model and what it returned, never the key", async () => {
    for (const wrong of wrongReturns()) {
      const failed = await startGateway(
        gatewayOptions((model: { provider: string }) =>
          model.provider === "moonshot" ? wrong.returned() : undefined,
        ),
      ).then(
        async (gateway) => {
          await gateway.close();
          return undefined;
        },
        (error: unknown) => error,
      );
      expect(isOpenClawError(failed), wrong.name).toBe(true);
      if (!isOpenClawError(failed)) continue;
      expect(failed.code, wrong.name).toBe("resolve_key.not_a_key");
      expect(failed.message, wrong.name).toMatch(
        /^the resolveKey function given to startGateway returned /,
      );
      expect(failed.message, wrong.name).toMatch(wrong.said);
      expect(failed.hint, wrong.name).toContain("toResolvedKey(key, source)");
      expect(everyWord(failed), wrong.name).not.toContain(sim.keys.moonshot);
    }
  });

  it("null is told to be undefined", async () => {
    const failed = await startGateway(gatewayOptions(() => null)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isOpenClawError(failed) && failed.hint).toMatch(
      /^return undefined, not null, when it has no key for a model/,
    );
  });

  it("on a request: the client is told the key could not be looked up, the log says what it returned", async () => {
    let broken = false;
    const log: string[] = [];
    const gateway = await startGateway(
      gatewayOptions((model: { provider: string }) => {
        if (model.provider !== "moonshot") return undefined;
        return broken
          ? { key: sim.keys.moonshot }
          : toResolvedKey(sim.keys.moonshot, { kind: "env", variable: "VAULT_KEY" });
      }, log),
    );
    try {
      broken = true;
      // The gateway keeps a looked-up key for a second: past it, the next request asks again.
      await new Promise((done) => setTimeout(done, 1_100));
      const answer = await askGateway(gateway);
      expect(answer.status).toBe(500);
      expect(answer.code).toBe("key_lookup_failed");
      expect(answer.message).toMatch(
        /^moonshot\/kimi-k2\.5: the gateway could not look up its API key/,
      );
      const told = log.join("\n");
      expect(told).not.toContain("internal error");
      expect(told).toContain(
        "the resolveKey function given to startGateway returned an object for moonshot/kimi-k2.5 that is not a key: its value (the key, a string) is undefined",
      );
      expect(told).not.toContain(sim.keys.moonshot);
    } finally {
      await gateway.close();
    }
  });
});

describe("createRuntime's resolveKey returning what is no key", () => {
  it("a run rejects naming the function, the model and what it returned, never the key", async () => {
    const catalog = keylessCatalog(sim);
    for (const wrong of wrongReturns()) {
      const runtime = createRuntime({
        catalog,
        resolveKey: (() => wrong.returned()) as unknown as KeyResolver,
      });
      const failed = await runtime
        .complete({
          model: "moonshot/kimi-k2.5",
          request: { messages: [{ role: "user", content: "hi" }] },
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(isOpenClawError(failed), wrong.name).toBe(true);
      if (!isOpenClawError(failed)) continue;
      expect(failed.code, wrong.name).toBe("resolve_key.not_a_key");
      expect(failed.where, wrong.name).toBe("resolveKey");
      expect(failed.message, wrong.name).toMatch(
        /^the resolveKey function given to createRuntime returned /,
      );
      expect(failed.message, wrong.name).toMatch(wrong.said);
      expect(failed.hint, wrong.name).toContain("toResolvedKey(key, source)");
      expect(everyWord(failed), wrong.name).not.toContain(sim.keys.moonshot);
    }
  });

  it("a key as toResolvedKey builds it still runs", async () => {
    const runtime = createRuntime({
      catalog: keylessCatalog(sim),
      resolveKey: () => toResolvedKey(sim.keys.moonshot, { kind: "env", variable: "VAULT_KEY" }),
    });
    const result = await runtime.complete({
      model: "moonshot/kimi-k2.5",
      request: { messages: [{ role: "user", content: "hi" }] },
    });
    expect(result.message.role).toBe("assistant");
  });
});

describe("one code for a resolveKey that returned what is no key, from either door", () => {
  /** The code a script switching on `error.code` sees for `resolveKey`, from each door. */
  async function codes(resolveKey: unknown): Promise<{ gateway: unknown; runtime: unknown }> {
    const gateway = await startGateway(gatewayOptions(resolveKey)).then(
      async (started) => {
        await started.close();
        return "started";
      },
      (error: unknown) => (isOpenClawError(error) ? error.code : error),
    );
    const runtime = await createRuntime({
      catalog: keylessCatalog(sim),
      resolveKey: resolveKey as KeyResolver,
    })
      .complete({
        model: "moonshot/kimi-k2.5",
        request: { messages: [{ role: "user", content: "hi" }] },
      })
      .then(
        () => "ran",
        (error: unknown) => (isOpenClawError(error) ? error.code : error),
      );
    return { gateway, runtime };
  }

  it("the key as a string: resolve_key.not_a_key from startGateway and createRuntime, a known code", async () => {
    const seen = await codes(() => sim.keys.moonshot);
    expect(seen).toEqual({ gateway: "resolve_key.not_a_key", runtime: "resolve_key.not_a_key" });
    expect(isKnownErrorCode(seen.gateway)).toBe(true);
  });

  it("a promise (an async resolveKey): the same code from both", async () => {
    const seen = await codes(async () => undefined);
    expect(seen).toEqual({ gateway: "resolve_key.not_a_key", runtime: "resolve_key.not_a_key" });
  });

  it("a resolveKey that throws keeps startGateway's gateway.resolve_key_threw", async () => {
    const sealed = new Error("vault sealed");
    const seen = await codes(() => {
      throw sealed;
    });
    expect(seen.gateway).toBe("gateway.resolve_key_threw");
    // createRuntime hands the program's own error back as it is.
    expect(seen.runtime).toBe(sealed);
  });
});

describe("the same fields for what resolveKey did wrong, from either door", () => {
  const ASKED = "moonshot/kimi-k2.5";

  /** What a script reads off the error: where to look, and for which model. */
  function layout(error: unknown) {
    if (!isOpenClawError(error)) return error;
    const { provider, model } = error as OpenClawError & { provider?: unknown; model?: unknown };
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    return {
      code: error.code,
      where: error.where,
      provider,
      model,
      json: { where: json.where, provider: json.provider, model: json.model },
    };
  }

  /** A resolveKey that does `wrong` for ASKED only, and has no key for the rest. */
  function onlyFor(wrong: () => unknown) {
    return (model: { ref: string }) => (model.ref === ASKED ? wrong() : undefined);
  }

  async function fromGateway(resolveKey: unknown): Promise<unknown> {
    return startGateway(gatewayOptions(resolveKey)).then(
      async (started) => {
        await started.close();
        return "started";
      },
      (error: unknown) => error,
    );
  }

  async function fromRuntime(resolveKey: unknown): Promise<unknown> {
    return createRuntime({ catalog: keylessCatalog(sim), resolveKey: resolveKey as KeyResolver })
      .complete({ model: ASKED, request: { messages: [{ role: "user", content: "hi" }] } })
      .then(
        () => "ran",
        (error: unknown) => error,
      );
  }

  const expected = (code: string) => ({
    code,
    where: "resolveKey",
    provider: "moonshot",
    model: "kimi-k2.5",
    json: { where: "resolveKey", provider: "moonshot", model: "kimi-k2.5" },
  });

  it("not a key: where resolveKey, and the provider and model it was asked for, from both", async () => {
    const resolveKey = onlyFor(() => sim.keys.moonshot);
    const gateway = await fromGateway(resolveKey);
    const runtime = await fromRuntime(resolveKey);
    expect(layout(gateway)).toEqual(expected("resolve_key.not_a_key"));
    expect(layout(runtime)).toEqual(expected("resolve_key.not_a_key"));
    expect(gateway).toBeInstanceOf(ResolveKeyError);
    expect(runtime).toBeInstanceOf(ResolveKeyError);
  });

  it("a throw: startGateway's error has the same layout; createRuntime hands the program's own error back", async () => {
    const sealed = new Error("vault sealed");
    const resolveKey = onlyFor(() => {
      throw sealed;
    });
    const gateway = await fromGateway(resolveKey);
    expect(layout(gateway)).toEqual(expected("gateway.resolve_key_threw"));
    expect((gateway as Error).cause).toMatchObject({ message: "vault sealed" });
    expect(await fromRuntime(resolveKey)).toBe(sealed);
  });

  it("no key (undefined): the run's provider.auth error has the same where, provider and model", async () => {
    const runtime = await fromRuntime(() => undefined);
    expect(layout(runtime)).toEqual(expected("provider.auth"));
  });
});
