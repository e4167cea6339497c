/**
 * openRuntime and startGateway given an option holding the wrong kind of value (as a plain
 * JavaScript program can) refuse it by name, code `usage`, before anything is read or started.
 * Before, `startGateway({ port: "0", watch: "no", log: "x" })` started (a watch left on, the log
 * said to be a throwing function), `openRuntime({ env: "production" })` read the process's own
 * state dir and keys, and `openRuntime({ agentId: 5 })` threw Node's `TypeError
 * [ERR_INVALID_ARG_TYPE]` with a stack.
 */
import { describe, expect, it } from "vitest";
import { isOpenClawError, openRuntime, type RunningGateway, startGateway } from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";

/** What the call threw or rejected with, as a caller would log it. */
async function failureOf(call: () => unknown): Promise<Record<string, unknown>> {
  try {
    const started = await call();
    // The old code started a gateway here: close it, and say so.
    if (started && typeof started === "object" && "close" in started) {
      await (started as RunningGateway).close(0);
    }
  } catch (error) {
    if (!isOpenClawError(error)) return { notOpenClawError: String(error) };
    return { code: error.code, message: error.message, where: error.where, hint: error.hint };
  }
  return { threw: false };
}

// Plain JavaScript callers: the types would refuse these values, a .js file does not.
const untyped = <T>(value: unknown): T => value as T;

function gatewayOptions(extra: Record<string, unknown>) {
  return untyped<Parameters<typeof startGateway>[0]>({
    port: 0,
    watch: false,
    config: {
      gateway: { auth: { token: "a-gateway-token-of-32-characters" }, ledger: { enabled: false } },
    },
    env: { OPENCLAW_STATE_DIR: tempDir() },
    ...extra,
  });
}

describe("library options holding the wrong kind of value", () => {
  it("startGateway names the option, the kind it takes and what it got (never the value)", async () => {
    expect(await failureOf(() => startGateway(gatewayOptions({ port: "0" })))).toEqual({
      code: "usage",
      message:
        "startGateway's option port must be a number (0 to 65535; 0 picks a free port), got a string",
      where: "port",
      hint: "pass a number (0 to 65535; 0 picks a free port) as port, or leave it out for its default",
    });
    expect(await failureOf(() => startGateway(gatewayOptions({ watch: "no" })))).toMatchObject({
      code: "usage",
      message: "startGateway's option watch must be true or false, got a string",
      where: "watch",
    });
    for (const name of ["log", "announceToken", "onReloaded", "resolveKey"]) {
      expect(
        await failureOf(() => startGateway(gatewayOptions({ [name]: "sk-secret-123" }))),
      ).toMatchObject({
        code: "usage",
        where: name,
        message: expect.stringMatching(
          new RegExp(`^startGateway's option ${name} must be a function .*, got a string$`),
        ),
      });
    }
    const env = await failureOf(() => startGateway(gatewayOptions({ env: { KEY: 42 } })));
    expect(env).toMatchObject({ code: "usage", where: "env" });
    expect(JSON.stringify(env)).not.toContain("sk-secret");
  });

  it("openRuntime refuses env, configPath, agentId and transports of another kind", async () => {
    const state = tempDir();
    const cases: [string, unknown, string][] = [
      ["env", "production", "a string"],
      ["env", ["MOONSHOT_API_KEY=x"], "an array"],
      ["configPath", 5, "a number"],
      ["agentId", 5, "a number"],
      ["agentId", "", "a string"],
      ["transports", 5, "a number"],
    ];
    for (const [name, value, got] of cases) {
      const options = { env: { OPENCLAW_STATE_DIR: state }, [name]: value };
      const failure = await failureOf(() => openRuntime(untyped(options)));
      expect(failure).toMatchObject({ code: "usage", where: name });
      expect(failure.message).toMatch(
        new RegExp(`^openRuntime's option ${name} must be .*, got ${got}$`),
      );
    }
  });

  it("options left out or undefined are still every default", async () => {
    const state = tempDir();
    const opened = openRuntime({
      env: { OPENCLAW_STATE_DIR: state },
      agentId: undefined,
      configPath: undefined,
    });
    expect(opened.agentId).toBe("main");
  });
});
