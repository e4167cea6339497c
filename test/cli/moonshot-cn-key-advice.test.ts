/**
 * A `moonshot-cn/...` model without a key. The advice was `openclaw onboard --auth-choice
 * moonshot-api-key-cn`, but that choice writes provider `moonshot` with the .cn baseUrl (as
 * OpenClaw's does) and allows `moonshot/...`: followed literally, `moonshot-cn/kimi-k2.5` was still
 * keyless and now outside the allowlist too, and the advice said the same command again. The
 * advice now says both ways: the variable keeps the ref asked for, onboard makes `moonshot/<id>`
 * work. Each test follows what the advice says, against the China simulator, and asks the ref it
 * names.
 */
import { writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { askGateway } from "../helpers/gateway-chat.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { freshState, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let cn: Simulator;

beforeAll(async () => {
  cn = await startSimulator({ region: "cn" });
});
afterAll(async () => {
  await cn?.close();
});
afterEach(killGatewayProcesses);

/**
 * A state dir whose config points `provider` at the China simulator, with no key anywhere, and
 * whose onboarding of the China choice goes there too (as the simulator's printed exports do).
 */
function keylessAt(provider: string, extra: Record<string, unknown> = {}): StateDir {
  const state = freshState({ OPENCLAW_MOONSHOT_CN_BASE_URL: cn.moonshotBaseUrl });
  writeFileSync(
    state.configPath,
    JSON.stringify({
      ...extra,
      models: { providers: { [provider]: { baseUrl: cn.moonshotBaseUrl } } },
    }),
  );
  return state;
}

/** The hint's `run: openclaw onboard ...` command, as arguments, and the ref it says to use after. */
function onboardStep(hint: string): { args: string[]; then: string | undefined } {
  const command = /run: openclaw (onboard --auth-choice \S+?)(?:,|$)/.exec(hint)?.[1];
  expect(command, hint).toBeDefined();
  const then = /then use (\S+)$/.exec(hint)?.[1];
  return { args: (command as string).split(" "), then };
}

/** The advised command run as a script runs it: non-interactive, with the simulator's key. */
function scripted(args: string[]): string[] {
  return [...args, "--non-interactive", "--accept-risk", "--moonshot-api-key", cn.keys.moonshot];
}

async function agentHint(state: StateDir, ref: string): Promise<string> {
  const result = await state.run(["agent", "--model", ref, "-m", "hi", "--json"]);
  expect(result.code).toBe(1);
  return (JSON.parse(result.stdout) as { error: { hint: string } }).error.hint;
}

describe("a keyless moonshot-cn model: the advice leads to a working model in one step", () => {
  it("onboard, as advised, then the ref the advice names answers", async () => {
    const state = keylessAt("moonshot-cn");
    const hint = await agentHint(state, "moonshot-cn/kimi-k2.5");
    const step = onboardStep(hint);
    expect(step.args).toEqual(["onboard", "--auth-choice", "moonshot-api-key-cn"]);
    const onboard = await state.run(scripted(step.args));
    expect(onboard.code).toBe(0);
    // Followed literally: without a ref named, the one asked for is what the person tries again.
    const retry = await state.run([
      "agent",
      "--model",
      step.then ?? "moonshot-cn/kimi-k2.5",
      "-m",
      "hi",
    ]);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toBe("Echo: hi\n");
    expect(retry.stderr).toContain("moonshot/kimi-k2.5 ·");
    expect(hint).toContain(
      `run: openclaw onboard --auth-choice moonshot-api-key-cn, which stores the key for provider moonshot on the China platform (${new URL(cn.moonshotBaseUrl).host}): then use moonshot/kimi-k2.5`,
    );
  });

  it("the variable, as advised, makes the ref asked for answer as it is", async () => {
    const state = keylessAt("moonshot-cn");
    const hint = await agentHint(state, "moonshot-cn/kimi-k2.5");
    const exported = /export (\w+)=<key from platform\.moonshot\.cn> to use (\S+) as it is/.exec(
      hint,
    );
    expect(exported, hint).not.toBeNull();
    const [, variable, ref] = exported as RegExpExecArray;
    expect([variable, ref]).toEqual(["MOONSHOT_API_KEY", "moonshot-cn/kimi-k2.5"]);
    const retry = await state.run(["agent", "--model", ref as string, "-m", "hi"], {
      [variable as string]: cn.keys.moonshot,
    });
    expect(retry.code).toBe(0);
    expect(retry.stdout).toBe("Echo: hi\n");
    expect(retry.stderr).toContain("moonshot-cn/kimi-k2.5 ·");
  });

  it("models status and the gateway's error give the same two ways", async () => {
    const state = keylessAt("moonshot-cn", { gateway: { auth: { mode: "none" } } });
    const hint = await agentHint(state, "moonshot-cn/kimi-k2.5");
    const host = new URL(cn.moonshotBaseUrl).host;
    expect(hint).toBe(
      `export MOONSHOT_API_KEY=<key from platform.moonshot.cn> to use moonshot-cn/kimi-k2.5 as it is (or set auth profile "moonshot-cn:default"); or run: openclaw onboard --auth-choice moonshot-api-key-cn, which stores the key for provider moonshot on the China platform (${host}): then use moonshot/kimi-k2.5`,
    );

    const status = await state.run(["models", "status", "--json"]);
    const providers = (
      JSON.parse(status.stdout) as { providers: { provider: string; missingHint?: string }[] }
    ).providers;
    expect(providers.find((entry) => entry.provider === "moonshot-cn")?.missingHint).toBe(
      `export MOONSHOT_API_KEY=<key from platform.moonshot.cn> to use moonshot-cn/* as it is; or run: openclaw onboard --auth-choice moonshot-api-key-cn, which stores the key for provider moonshot on the China platform (${host}): then use moonshot/<model>`,
    );

    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      ...state.env,
      OPENCLAW_HOME: state.dir,
      NO_COLOR: "1",
    });
    const answer = await askGateway(gateway, "moonshot-cn/kimi-k2.5");
    expect(answer.code).toBe("auth");
    expect(answer.message).toContain(`(hint: ${hint})`);
  });

  it("after that onboarding, the gateway asked for moonshot-cn/kimi-k2.5 names the ref that answers", async () => {
    const state = keylessAt("moonshot-cn", { gateway: { auth: { mode: "none" } } });
    const onboard = await state.run(scripted(["onboard", "--auth-choice", "moonshot-api-key-cn"]));
    expect(onboard.code).toBe(0);
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      ...state.env,
      OPENCLAW_HOME: state.dir,
      NO_COLOR: "1",
    });
    // Onboard's allowlist leaves moonshot-cn out, and moonshot-cn still has no key of its own.
    const refused = await askGateway(gateway, "moonshot-cn/kimi-k2.5");
    expect(refused.message).toContain(
      `then use moonshot/kimi-k2.5; it applies without a restart. Or, to use moonshot-cn/kimi-k2.5 as it is: add "moonshot-cn/kimi-k2.5": {} under agents.defaults.models in the gateway's config, and restart the gateway with MOONSHOT_API_KEY=<key from platform.moonshot.cn> in its environment`,
    );
    const then = /then use (\S+?);/.exec(refused.message)?.[1];
    expect(await askGateway(gateway, then ?? "moonshot-cn/kimi-k2.5")).toMatchObject({
      status: 200,
      code: "",
    });
  });

  it("moonshot at the China endpoint (what that onboarding writes): the China choice, which works", async () => {
    const state = keylessAt("moonshot");
    const hint = await agentHint(state, "moonshot/kimi-k2.5");
    expect(hint).toMatch(/; or run: openclaw onboard --auth-choice moonshot-api-key-cn$/);
    expect(hint).not.toContain("moonshot.ai");
    const status = await state.run(["models", "status", "--json"]);
    const providers = (
      JSON.parse(status.stdout) as { providers: { provider: string; missingHint?: string }[] }
    ).providers;
    expect(providers.find((entry) => entry.provider === "moonshot")?.missingHint).toBe(
      "run: openclaw onboard --auth-choice moonshot-api-key-cn   (or set $MOONSHOT_API_KEY)",
    );
    const onboard = await state.run(scripted(onboardStep(hint).args));
    expect(onboard.code).toBe(0);
    const retry = await state.run(["agent", "--model", "moonshot/kimi-k2.5", "-m", "hi"]);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toBe("Echo: hi\n");
  });
});
