/**
 * The interactive onboarding when the key pasted belongs to the other built-in provider (a Kimi
 * Code sk-kimi- key for Moonshot, a Moonshot key for Kimi Code), or comes with spaces around it:
 * a person is offered the provider the key is for, and a paste's spaces are not held against it.
 */
import { describe, expect, it } from "vitest";
import { onboardTerminal } from "../helpers/onboard-terminal.js";
import { DOWN, ENTER } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, KIMI_KEY, MOONSHOT_CN_KEY, type StateDir } from "../onboard/harness.js";

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

  it("asks for the key again when the switch is declined, and writes the right key", async () => {
    const state = freshState();
    const term = terminal(state);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(`${DOWN}${ENTER}`); // Kimi Code
      await typeKey(term, MOONSHOT_CN_KEY);
      await term.waitFor("set up Moonshot with it instead?");
      term.write("n"); // no: answers at once
      await typeKey(term, KIMI_KEY);
      await term.waitFor("the key works on Kimi Code");
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const { profiles } = written(state);
    expect(profiles["kimi-code:default"]).toMatchObject({ key: KIMI_KEY });
    expect(profiles["moonshot:default"]).toBeUndefined();
  });
});
