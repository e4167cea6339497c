/**
 * In a terminal, a Kimi Code key without sk-kimi- already in $KIMICODE_API_KEY or $KIMI_API_KEY
 * is offered as one with the prefix is, and the key check settles it: stored when Kimi Code takes
 * it (a proxy's own key), the Moonshot region offered when Moonshot does (kimi-cli users may keep
 * a Moonshot key in $KIMI_API_KEY), and then set up with that key. Before, such a key was not
 * offered at all, though `onboard --non-interactive` used it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardTerminal } from "../helpers/onboard-terminal.js";
import { DOWN, ENTER } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, KIMI_KEY, MOONSHOT_CN_KEY, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const sims = regionSimulators();

/** A key a Kimi Code proxy issues of its own, without sk-kimi-. */
const PROXY_KEY = "sk-fake-test-key-0001";

interface Written {
  config: {
    models: { providers: Record<string, { baseUrl: string }> };
    agents: { defaults: { model: { primary: string } } };
  };
  profiles: Record<string, Record<string, unknown>>;
}

function written(state: StateDir): Written {
  return {
    config: state.config() as Written["config"],
    profiles: state.store().profiles,
  };
}

describe("openclaw onboard in a terminal, a Kimi Code key without sk-kimi- in the environment", () => {
  let proxy: Simulator | undefined;
  beforeAll(async () => {
    // Kimi Code behind a gateway that issues keys of its own: it takes this one.
    proxy = await startSimulator({ keys: { kimiCode: [KIMI_KEY, PROXY_KEY] } });
  });
  afterAll(async () => {
    await proxy?.close();
  });
  const proxyBaseUrl = () => {
    if (!proxy) throw new Error("the proxy simulator starts in beforeAll");
    return proxy.kimiCodeBaseUrl;
  };

  it("offers the key in $KIMICODE_API_KEY, checks it at Kimi Code, and stores it when taken", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, ["onboard"], {
      env: { OPENCLAW_KIMI_CODE_BASE_URL: proxyBaseUrl(), KIMICODE_API_KEY: PROXY_KEY },
    });
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(`${DOWN}${ENTER}`); // Kimi Code
      await term.waitFor("Use the key in $KIMICODE_API_KEY (");
      term.write(ENTER); // yes (the default)
      await term.waitFor("Checking the key");
      await term.waitFor("the key works on Kimi Code");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain(PROXY_KEY);
    expect(term.plain()).not.toContain("Kimi Code API key (");
    const { config, profiles } = written(state);
    expect(profiles["kimi-code:default"]).toMatchObject({ provider: "kimi-code", key: PROXY_KEY });
    expect(profiles["moonshot:default"]).toBeUndefined();
    expect(config.agents.defaults.model.primary).toBe("kimi-code/kimi-for-coding");
  });

  it("offers a Moonshot key kept in $KIMI_API_KEY, and on the check's word sets up the Moonshot region with it", async () => {
    const state = freshState();
    // $MOONSHOT_API_KEY is not set: the key set up is the one checked, from $KIMI_API_KEY.
    const term = onboardTerminal(sims, state, ["onboard"], {
      env: { KIMI_API_KEY: MOONSHOT_CN_KEY },
    });
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(`${DOWN}${ENTER}`); // Kimi Code
      await term.waitFor("Use the key in $KIMI_API_KEY (");
      term.write(ENTER); // yes
      await term.waitFor("this is a key for Moonshot China");
      await term.waitFor(`Use Moonshot API key, China (${sims.cn.moonshotBaseUrl}) instead?`);
      term.write("y");
      await term.waitFor("the key works on Moonshot China");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain(MOONSHOT_CN_KEY);
    const { config, profiles } = written(state);
    expect(profiles["moonshot:default"]).toMatchObject({
      provider: "moonshot",
      key: MOONSHOT_CN_KEY,
    });
    expect(profiles["kimi-code:default"]).toBeUndefined();
    expect(config.models.providers.moonshot?.baseUrl).toBe(sims.cn.moonshotBaseUrl);
    expect(config.agents.defaults.model.primary).toMatch(/^moonshot\//);
  });
});
