/**
 * startGateway's own `resolveKey` (the program's code) that throws: before, a request was
 * answered with an anonymous 500 'internal gateway error' and the log had the gateway's stack
 * trace under 'internal error', and a throw at start rejected with the bare error from inside the
 * gateway. Now the start rejects with an OpenClawError naming the callback, the model, its message
 * and what to do (the thrown error its cause); a request is told its key could not be looked up,
 * and the log says which callback threw and why, without a stack. Real gateway, real sockets,
 * the simulator upstream.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isOpenClawError, type KeyResolver, startGateway, toResolvedKey } from "../../src/index.js";
import { withSimulator } from "../helpers/file-simulator.js";
import { askGateway } from "../helpers/gateway-chat.js";
import { keylessGatewayConfig } from "../helpers/keyless-moonshot.js";
import { tempDir } from "../helpers/tmp.js";
import type { Simulator } from "../simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

function options(resolveKey: KeyResolver, log: string[]) {
  return {
    port: 0,
    watch: false,
    env: {
      OPENCLAW_STATE_DIR: tempDir("ckr-state-"),
      OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
    },
    config: keylessGatewayConfig(sim),
    resolveKey,
    log: (line: string) => log.push(line),
  };
}

describe("startGateway's own resolveKey that throws", () => {
  it("at start: the start rejects naming the callback, the model and its message", async () => {
    const vault = new Error("vault sealed");
    const failed = await startGateway(
      options(() => {
        throw vault;
      }, []),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isOpenClawError(failed)).toBe(true);
    if (!isOpenClawError(failed)) return;
    expect(failed.code).toBe("gateway.resolve_key_threw");
    expect(failed.message).toMatch(
      /^the resolveKey function given to startGateway threw for moonshot\/[\w.-]+: Error: vault sealed$/,
    );
    expect(failed.hint).toContain("fix that function: it is to return the model's key");
    // What it threw is the cause (names masked, as everything startGateway rejects with).
    expect((failed.cause as Error).message).toBe(vault.message);
  });

  it("at start: a message with line breaks or terminal escapes is said on one line, escaped", async () => {
    const failed = await startGateway(
      options(() => {
        throw new Error("vault sealed\n\u001b[2Jgateway: all good");
      }, []),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isOpenClawError(failed)).toBe(true);
    if (!isOpenClawError(failed)) return;
    // A forged second line or a cleared screen would read as the gateway's own words.
    expect(failed.message).not.toContain("\n");
    expect(failed.message).not.toContain("\u001b");
    expect(failed.message).toMatch(
      /threw for moonshot\/[\w.-]+: Error: vault sealed\\n\\u001b\[2Jgateway: all good$/,
    );
  });

  it("on a request: the client is told its key could not be looked up, the log says why without a stack", async () => {
    let sealed = false;
    const log: string[] = [];
    const gateway = await startGateway(
      options((model) => {
        if (sealed) throw new Error("vault sealed");
        return model.provider === "moonshot"
          ? toResolvedKey(sim.keys.moonshot, { kind: "env", variable: "VAULT_KEY" })
          : undefined;
      }, log),
    );
    try {
      sealed = true;
      // The gateway keeps a looked-up key for a second: past it, the next request asks again.
      await new Promise((done) => setTimeout(done, 1_100));
      const answer = await askGateway(gateway);
      expect(answer.status).toBe(500);
      expect(answer.code).toBe("key_lookup_failed");
      expect(answer.message).toBe(
        "moonshot/kimi-k2.5: the gateway could not look up its API key (the program that started it logs why)",
      );
      const told = log.join("\n");
      expect(told).not.toContain("internal error");
      expect(told).not.toMatch(/\n\s+at /);
      expect(told).toMatch(
        /gateway: chatcmpl-\w+ failed: the resolveKey function given to startGateway threw for moonshot\/kimi-k2\.5: Error: vault sealed\n {2}hint: fix that function/,
      );
    } finally {
      await gateway.close();
    }
  });
  it("on a reload: the last good config keeps serving, the log says so and that reloads call it", async () => {
    let sealed = false;
    const log: string[] = [];
    const dir = tempDir("ckr-file-");
    const file = join(dir, "openclaw.json");
    const config = options(() => undefined, []).config;
    writeFileSync(file, JSON.stringify(config));
    const gateway = await startGateway({
      ...options((model) => {
        if (sealed) throw new Error("vault sealed");
        return model.provider === "moonshot"
          ? toResolvedKey(sim.keys.moonshot, { kind: "env", variable: "VAULT_KEY" })
          : undefined;
      }, log),
      config: undefined,
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl },
    });
    try {
      sealed = true;
      writeFileSync(file, JSON.stringify({ ...config, gateway: { ...config.gateway, port: 1 } }));
      expect(gateway.reload()).toBe(false);
      expect(log.join("\n")).toContain(
        "config reload failed, still serving the last good config: the resolveKey function given to startGateway threw for moonshot/kimi-k2.5: Error: vault sealed\n  hint: fix that function: it is to return the model's key (toResolvedKey(value, source)) or undefined when it has none, never throw; it is called for each model at start, on each reload of the config and on each request",
      );
    } finally {
      await gateway.close();
    }
  });
});
