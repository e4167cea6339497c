/**
 * The interactive onboarding when the key pasted belongs to the other built-in provider (a Kimi
 * Code sk-kimi- key for Moonshot, a Moonshot key for Kimi Code), or comes with spaces around it:
 * a person is offered the provider the key is for, and a paste's spaces are not held against it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardTerminal } from "../helpers/onboard-terminal.js";
import { DOWN, ENTER } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, KIMI_KEY, MOONSHOT_CN_KEY, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const sims = regionSimulators();

function terminal(state: StateDir) {
  return onboardTerminal(sims, state, ["onboard"]);
}

type Term = ReturnType<typeof terminal>;

async function typeKey(term: Term, key: string): Promise<void> {
  await term.waitFor("API key");
  await term.typeSlowly(key);
  term.write(ENTER);
}

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

describe("openclaw onboard in a terminal, given the other provider's key", () => {
  it("offers Kimi Code for an sk-kimi- key pasted (with spaces around it) under Moonshot, and sets it up", async () => {
    const state = freshState();
    const term = terminal(state);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(ENTER); // Moonshot
      await term.waitFor("Which Moonshot region");
      term.write(ENTER); // International
      await typeKey(term, `  ${KIMI_KEY} `);
      await term.waitFor("That is a Kimi Code key (sk-kimi-…): set up Kimi Code with it instead?");
      term.write(ENTER); // yes (the default)
      await term.waitFor("the key works on Kimi Code");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain(KIMI_KEY);
    expect(term.plain()).not.toContain("contains whitespace");
    const { config, profiles } = written(state);
    expect(profiles["kimi-code:default"]).toMatchObject({ provider: "kimi-code", key: KIMI_KEY });
    expect(profiles["moonshot:default"]).toBeUndefined();
    expect(config.agents.defaults.model.primary).toBe("kimi-code/kimi-for-coding");
    expect(config.models.providers.moonshot).toBeUndefined();
  });

  it("offers Moonshot, then asks its region, for a Moonshot key pasted under Kimi Code", async () => {
    const state = freshState();
    const term = terminal(state);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(`${DOWN}${ENTER}`); // Kimi Code
      await typeKey(term, MOONSHOT_CN_KEY);
      await term.waitFor("That looks like a Moonshot key: set up Moonshot with it instead?");
      term.write(ENTER); // yes
      await term.waitFor("Which Moonshot region");
      term.write(`${DOWN}${ENTER}`); // China
      await term.waitFor("the key works on Moonshot China");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const { config, profiles } = written(state);
    expect(profiles["moonshot:default"]).toMatchObject({ key: MOONSHOT_CN_KEY });
    expect(profiles["kimi-code:default"]).toBeUndefined();
    expect(config.models.providers.moonshot?.baseUrl).toBe(sims.cn.moonshotBaseUrl);
  });

  it("when the switch is declined, checks the key as Kimi Code's, says whose it is, and takes another key", async () => {
    const state = freshState();
    const term = terminal(state);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(`${DOWN}${ENTER}`); // Kimi Code
      await typeKey(term, MOONSHOT_CN_KEY);
      await term.waitFor("set up Moonshot with it instead?");
      term.write("n"); // no: answers at once
      // Checked as a Kimi Code key: the check says where the key works instead.
      await term.waitFor("this is a key for Moonshot China");
      await term.waitFor(`Use Moonshot API key, China (${sims.cn.moonshotBaseUrl}) instead?`);
      term.write("n");
      await term.waitFor("Enter another key?");
      term.write(ENTER); // yes (the default)
      await typeKey(term, KIMI_KEY);
      await term.waitFor("the key works on Kimi Code");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).not.toContain(MOONSHOT_CN_KEY);
    // The non-interactive command's advice does not belong above a prompt that offers the switch.
    expect(screen).not.toContain("run again with");
    const { profiles } = written(state);
    expect(profiles["kimi-code:default"]).toMatchObject({ key: KIMI_KEY });
    expect(profiles["moonshot:default"]).toBeUndefined();
  });

  it("when the switch is declined and the check finds a Moonshot key, sets up the Moonshot region that took it", async () => {
    const state = freshState();
    const term = terminal(state);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(`${DOWN}${ENTER}`); // Kimi Code
      await typeKey(term, MOONSHOT_CN_KEY);
      await term.waitFor("set up Moonshot with it instead?");
      term.write("n");
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
    const { config, profiles } = written(state);
    expect(profiles["moonshot:default"]).toMatchObject({ key: MOONSHOT_CN_KEY });
    expect(profiles["kimi-code:default"]).toBeUndefined();
    expect(config.models.providers.moonshot?.baseUrl).toBe(sims.cn.moonshotBaseUrl);
  });
});

/**
 * A Kimi Code key without sk-kimi-, as a proxy or a company gateway may issue: a person who says
 * it is no Moonshot key gets it checked as Kimi Code's and stored when Kimi Code takes it, as
 * `onboard --non-interactive` does; before, the "no" only asked for the key again, so such a key
 * could not be set up in a terminal at all.
 */
describe("openclaw onboard in a terminal, given a Kimi Code key without sk-kimi-", () => {
  const PROXY_KEY = "sk-gateway-team-0042";
  let proxy: Simulator | undefined;
  beforeAll(async () => {
    // Kimi Code as a gateway that issues keys of its own: it takes this one.
    proxy = await startSimulator({ keys: { kimiCode: [KIMI_KEY, PROXY_KEY] } });
  });
  afterAll(async () => {
    await proxy?.close();
  });
  const proxyBaseUrl = () => {
    if (!proxy) throw new Error("the proxy simulator starts in beforeAll");
    return proxy.kimiCodeBaseUrl;
  };

  async function declineMoonshot(term: Term, key: string): Promise<void> {
    await term.waitFor("Which provider do you want to set up?");
    term.write(`${DOWN}${ENTER}`); // Kimi Code
    await typeKey(term, key);
    await term.waitFor("That looks like a Moonshot key: set up Moonshot with it instead?");
    term.write("n");
  }

  it("checks it at Kimi Code on a no to Moonshot, and stores it when Kimi Code takes it", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, ["onboard"], {
      env: { OPENCLAW_KIMI_CODE_BASE_URL: proxyBaseUrl() },
    });
    try {
      await declineMoonshot(term, PROXY_KEY);
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
    const { config, profiles } = written(state);
    expect(profiles["kimi-code:default"]).toMatchObject({ provider: "kimi-code", key: PROXY_KEY });
    expect(profiles["moonshot:default"]).toBeUndefined();
    expect(config.agents.defaults.model.primary).toBe("kimi-code/kimi-for-coding");
  });

  it("says what the endpoints said of a key none takes, and stores it with a warning when told to go on", async () => {
    const state = freshState();
    const term = terminal(state);
    try {
      await declineMoonshot(term, PROXY_KEY);
      await term.waitFor("Kimi Code");
      await term.waitFor("rejected the key");
      await term.waitFor("Enter another key?");
      term.write("n");
      await term.waitFor("Save the key anyway?");
      term.write("y");
      await term.waitFor("does not look like a Kimi Code key (those start with sk-kimi-)");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain().replace(/[│\s]+/g, " ");
    // Each endpoint asked is named as refusing it: neither Moonshot region took it either.
    expect(screen).toMatch(/rejected the key \([^)]*\), and so did Moonshot international/);
    // The warning is about what happened here: the key was checked, and no flag was typed.
    expect(screen).toContain("saved anyway, though the key check refused it");
    expect(screen).toContain("run openclaw onboard again and pick Moonshot");
    expect(screen).not.toContain("--skip-health");
    expect(term.plain()).not.toContain(PROXY_KEY);
    const { profiles } = written(state);
    expect(profiles["kimi-code:default"]).toMatchObject({ key: PROXY_KEY });
  });
});
