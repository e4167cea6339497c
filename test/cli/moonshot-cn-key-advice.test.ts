/**
 * A `moonshot-cn/...` model without a key. The advice was `openclaw onboard --auth-choice
 * moonshot-api-key-cn`, but that choice writes provider `moonshot` with the .cn baseUrl (as
 * OpenClaw's does) and allows `moonshot/...`: followed literally, `moonshot-cn/kimi-k2.5` was still
 * keyless and now outside the allowlist too, and the advice said the same command again. The
 * advice now says both ways: the variable keeps the ref asked for, onboard makes `moonshot/<id>`
 * work. Each test follows what the advice says, against the China simulator, and asks the ref it
 * names. Once that onboarding was done, the advice names `moonshot/<id>` and not the command again;
 * when a provider the user relies on reads the variable too (`moonshot` with `apiKey:
 * "${MOONSHOT_API_KEY}"`), the export is said with what it does to that provider.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { askGateway } from "../helpers/gateway-chat.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { freshState, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let cn: Simulator;
let ai: Simulator;

beforeAll(async () => {
  cn = await startSimulator({ region: "cn" });
  ai = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await cn?.close();
  await ai?.close();
});
afterEach(killGatewayProcesses);

/**
 * A state dir whose config points `provider` at the China simulator, with no key anywhere, and
 * whose onboarding of the China choice goes there too (as the simulator's printed exports do).
 */
function keylessAt(
  provider: string,
  extra: Record<string, unknown> = {},
  providers: Record<string, unknown> = {},
): StateDir {
  const state = freshState({
    OPENCLAW_MOONSHOT_CN_BASE_URL: cn.moonshotBaseUrl,
    OPENCLAW_MOONSHOT_AI_BASE_URL: ai.moonshotBaseUrl,
  });
  writeFileSync(
    state.configPath,
    JSON.stringify({
      ...extra,
      models: { providers: { [provider]: { baseUrl: cn.moonshotBaseUrl }, ...providers } },
    }),
  );
  return state;
}

async function statusHint(state: StateDir, provider: string): Promise<string | undefined> {
  const status = await state.run(["models", "status", "--json"]);
  const providers = (
    JSON.parse(status.stdout) as { providers: { provider: string; missingHint?: string }[] }
  ).providers;
  return providers.find((entry) => entry.provider === provider)?.missingHint;
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
    // No profile is named: no command writes one for moonshot-cn.
    expect(hint).toBe(
      `export MOONSHOT_API_KEY=<key from platform.moonshot.cn> to use moonshot-cn/kimi-k2.5 as it is; or run: openclaw onboard --auth-choice moonshot-api-key-cn, which stores the key for provider moonshot on the China platform (${host}): then use moonshot/kimi-k2.5`,
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
    // A key missing on the gateway's side is its own config's 503, not an upstream refusal; a
    // client on loopback reads the same hint as the CLI, its command naming the gateway's state
    // dir (typed in another shell, it must reach the config the gateway serves).
    expect(answer.code).toBe("provider_key_missing");
    expect(answer.message).toContain(
      `(hint: ${hint.replace("run: openclaw", `run: OPENCLAW_STATE_DIR=${state.env.OPENCLAW_STATE_DIR} openclaw`)})`,
    );
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
    // Onboard's allowlist leaves moonshot-cn out, and moonshot-cn still has no key of its own:
    // the ref that works is named as it is, not the onboarding just done.
    const refused = await askGateway(gateway, "moonshot-cn/kimi-k2.5");
    const host = new URL(cn.moonshotBaseUrl).host;
    expect(refused.message).toContain(
      `(hint: use moonshot/kimi-k2.5 instead: provider moonshot already has a key for the China platform (${host}). Or, to use moonshot-cn/kimi-k2.5 as it is: add "moonshot-cn/kimi-k2.5": {} under agents.defaults.models in the gateway's config, and restart the gateway with MOONSHOT_API_KEY=<key from platform.moonshot.cn> in its environment)`,
    );
    expect(refused.message).not.toContain("onboard");
    const then = /use (\S+) instead/.exec(refused.message)?.[1];
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

  it("after that onboarding, agent and models status name moonshot/<id>, not the command just run", async () => {
    const state = keylessAt("moonshot-cn");
    const onboard = await state.run(scripted(["onboard", "--auth-choice", "moonshot-api-key-cn"]));
    expect(onboard.code).toBe(0);
    const host = new URL(cn.moonshotBaseUrl).host;
    const ready = `use moonshot/kimi-k2.5 instead: provider moonshot already has a key for the China platform (${host})`;
    const result = await state.run(["agent", "--model", "moonshot-cn/kimi-k2.5", "-m", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `give moonshot-cn a key: export MOONSHOT_API_KEY=<key from platform.moonshot.cn> to use moonshot-cn/kimi-k2.5 as it is; or ${ready}\n`,
    );
    expect(result.stderr).not.toContain("run: openclaw onboard");
    expect(await statusHint(state, "moonshot-cn")).toBe(
      "export MOONSHOT_API_KEY=<key from platform.moonshot.cn> to use moonshot-cn/* as it is; or " +
        `use moonshot/<model> instead: provider moonshot already has a key for the China platform (${host})`,
    );
    // Followed: the ref it names answers.
    const then = /use (moonshot\/\S+) instead/.exec(result.stderr)?.[1];
    const retry = await state.run([
      "agent",
      "--model",
      then ?? "moonshot-cn/kimi-k2.5",
      "-m",
      "hi",
    ]);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toBe("Echo: hi\n");
  });
});

describe("a key moonshot-cn refused, after that onboarding", () => {
  it("names moonshot/<id>, which works, not the onboarding already done", async () => {
    // What the China choice writes (moonshot at the China endpoint, its key in a profile),
    // without the allowlist; MOONSHOT_API_KEY holds an international key, which moonshot-cn reads.
    const state = keylessAt("moonshot-cn", {}, { moonshot: { baseUrl: cn.moonshotBaseUrl } });
    const profile = { type: "api_key", provider: "moonshot", key: cn.keys.moonshot };
    mkdirSync(dirname(state.storePath), { recursive: true });
    writeFileSync(
      state.storePath,
      JSON.stringify({ version: 1, profiles: { "moonshot:default": profile } }),
    );
    const refused = await state.run(["agent", "--model", "moonshot-cn/kimi-k2.5", "-m", "hi"], {
      MOONSHOT_API_KEY: ai.keys.moonshot,
    });
    expect(refused.code).toBe(1);
    const host = new URL(cn.moonshotBaseUrl).host;
    expect(refused.stderr).toContain(
      `put the right key in $MOONSHOT_API_KEY (read when openclaw starts); or use moonshot/kimi-k2.5 instead: provider moonshot already has a key for the China platform (${host})\n`,
    );
    expect(refused.stderr).not.toContain("run: openclaw onboard");
    const retry = await state.run(["agent", "--model", "moonshot/kimi-k2.5", "-m", "hi"], {
      MOONSHOT_API_KEY: ai.keys.moonshot,
    });
    expect(retry.stdout).toBe("Echo: hi\n");
  });
});

describe("a keyless moonshot-cn model beside a moonshot that reads MOONSHOT_API_KEY too", () => {
  const export_ =
    "export MOONSHOT_API_KEY=<key from platform.moonshot.cn> to use moonshot-cn/kimi-k2.5 as it is";

  it("moonshot's apiKey is ${MOONSHOT_API_KEY} (the spec's snippet): the export says it changes moonshot's key", async () => {
    const state = keylessAt(
      "moonshot-cn",
      {},
      {
        moonshot: { baseUrl: ai.moonshotBaseUrl, apiKey: "${MOONSHOT_API_KEY}" },
      },
    );
    const aiHost = new URL(ai.moonshotBaseUrl).host;
    const cnHost = new URL(cn.moonshotBaseUrl).host;
    const hint = await agentHint(state, "moonshot-cn/kimi-k2.5");
    const caveat = `, but moonshot reads that variable too and would send that key to the international platform (${aiHost}), where it does not work`;
    expect(hint).toBe(
      `${export_}${caveat}; or run: openclaw onboard --auth-choice moonshot-api-key-cn, which moves provider moonshot from the international platform (${aiHost}) to the China platform (${cnHost}) and stores the key for it: then use moonshot/kimi-k2.5`,
    );
    expect(await statusHint(state, "moonshot-cn")).toContain(
      `to use moonshot-cn/* as it is${caveat};`,
    );
    // What the caveat says: with a China key in the variable, moonshot's requests are refused.
    const exported = await state.run(["agent", "--model", "moonshot/kimi-k2.5", "-m", "hi"], {
      MOONSHOT_API_KEY: cn.keys.moonshot,
    });
    expect(exported.code).toBe(1);
    expect(exported.stdout).not.toBe("Echo: hi\n");
  });

  it("the gateway's answer for moonshot-cn outside the allowlist says the same of the restart", async () => {
    const state = keylessAt(
      "moonshot-cn",
      {
        gateway: { auth: { mode: "none" } },
        agents: { defaults: { models: { "moonshot/kimi-k2.5": {} } } },
      },
      { moonshot: { baseUrl: ai.moonshotBaseUrl, apiKey: "${MOONSHOT_API_KEY}" } },
    );
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      ...state.env,
      OPENCLAW_HOME: state.dir,
      NO_COLOR: "1",
    });
    const answer = await askGateway(gateway, "moonshot-cn/kimi-k2.5");
    expect(answer.message).toContain(
      `restart the gateway with MOONSHOT_API_KEY=<key from platform.moonshot.cn> in its environment, but moonshot reads that variable too and would send that key to the international platform (${new URL(ai.moonshotBaseUrl).host}), where it does not work)`,
    );
  });

  it("the built-in moonshot the default model is of: the same caveat", async () => {
    // No override for the international endpoint: the built-in moonshot is at its public address.
    const state = freshState({ OPENCLAW_MOONSHOT_CN_BASE_URL: cn.moonshotBaseUrl });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
        models: { providers: { "moonshot-cn": { baseUrl: cn.moonshotBaseUrl } } },
      }),
    );
    expect(await agentHint(state, "moonshot-cn/kimi-k2.5")).toContain(
      `${export_}, but moonshot reads that variable too and would send that key to the international platform (api.moonshot.ai), where it does not work;`,
    );
  });

  it("moonshot with a stored key of its own does not read the variable: no caveat", async () => {
    const state = keylessAt("moonshot-cn", {}, { moonshot: { baseUrl: ai.moonshotBaseUrl } });
    const profile = { type: "api_key", provider: "moonshot", key: ai.keys.moonshot };
    mkdirSync(dirname(state.storePath), { recursive: true });
    writeFileSync(
      state.storePath,
      JSON.stringify({ version: 1, profiles: { "moonshot:default": profile } }),
    );
    const hint = await agentHint(state, "moonshot-cn/kimi-k2.5");
    expect(hint.startsWith(`${export_}; or run: `), hint).toBe(true);
    expect(hint).toContain(", which moves provider moonshot from the international platform");
  });
});
