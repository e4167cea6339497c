/**
 * `models scan`, `models status --probe` and `doctor --probe` on a terminal, when nothing can be
 * asked of the provider without the network being needed to say so (its key names a variable
 * that is not set, its base URL does): the refusal shows with no spinner line before it, as
 * nothing was sent, and the simulator indeed sees no request. With a key and an address, the
 * spinner still shows while the provider is asked.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { freshState, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

/** moonshot, the default model's provider, with `fields` (JSON5) as its provider entry. */
function stateWithMoonshot(fields: string, env: Record<string, string> = {}): StateDir {
  const state = freshState(env);
  writeFileSync(
    state.configPath,
    [
      "{",
      `  models: { providers: { moonshot: { ${fields} } } },`,
      '  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },',
      "}",
      "",
    ].join("\n"),
  );
  return state;
}

/** The key names a variable that is not set: no key to send. */
const keyVariableUnset = () =>
  stateWithMoonshot(`baseUrl: "${sim.moonshotBaseUrl}", apiKey: "\${OPENCLAW_TEST_UNSET_KEY}"`);

/** A key, but the base URL names a variable that is not set: no address to send it to. */
const urlVariableUnset = () =>
  stateWithMoonshot('baseUrl: "${OPENCLAW_TEST_UNSET_URL}"', { MOONSHOT_API_KEY: MOONSHOT_KEY });

async function runInTerminal(args: string[], state: StateDir) {
  const term = startTerminal(args, { env: { ...state.env, NO_COLOR: "1" } });
  try {
    return { code: await term.exited, screen: term.plain() };
  } finally {
    term.kill();
  }
}

describe("a spinner starts only when a provider is asked", () => {
  for (const { name, args, spinner, state, refusal } of [
    {
      name: "models scan, the key's variable not set",
      args: ["models", "scan"],
      spinner: "Asking moonshot",
      state: keyVariableUnset,
      refusal: "skipped: no usable key for moonshot",
    },
    {
      name: "models scan, the base URL's variable not set",
      args: ["models", "scan"],
      spinner: "Asking moonshot",
      state: urlVariableUnset,
      refusal: "environment variable OPENCLAW_TEST_UNSET_URL is not set",
    },
    {
      name: "models status --probe --check, the key's variable not set",
      args: ["models", "status", "--probe", "--check"],
      spinner: "trying the keys",
      state: keyVariableUnset,
      refusal: "error: no usable key for moonshot",
    },
    {
      name: "models status --probe --check, the base URL's variable not set",
      args: ["models", "status", "--probe", "--check"],
      spinner: "trying the keys",
      state: urlVariableUnset,
      refusal: "OPENCLAW_TEST_UNSET_URL is not set",
    },
    {
      name: "doctor --probe, the key's variable not set",
      args: ["doctor", "--probe"],
      spinner: "checking keys",
      state: keyVariableUnset,
      refusal: "no usable key for moonshot",
    },
    {
      name: "doctor --probe, the base URL's variable not set",
      args: ["doctor", "--probe"],
      spinner: "checking keys",
      state: urlVariableUnset,
      refusal: "OPENCLAW_TEST_UNSET_URL is not set",
    },
  ]) {
    it(`${name}: the refusal, exit 1, no spinner line`, async () => {
      const before = sim.requests.length;
      const { code, screen } = await runInTerminal(args, state());
      expect(code).toBe(1);
      expect(screen).toContain(refusal);
      expect(screen).not.toContain(spinner);
      expect(sim.requests.length).toBe(before);
    });
  }

  for (const { args, spinner } of [
    { args: ["models", "scan"], spinner: "Asking moonshot for their models…" },
    { args: ["models", "status", "--probe"], spinner: "trying the keys with the providers…" },
    { args: ["doctor", "--probe"], spinner: "checking keys with the providers…" },
  ]) {
    it(`openclaw ${args.join(" ")} with a key and an address: the spinner shows while it asks`, async () => {
      const state = stateWithMoonshot(`baseUrl: "${sim.moonshotBaseUrl}"`, {
        MOONSHOT_API_KEY: MOONSHOT_KEY,
      });
      const before = sim.requests.length;
      const { screen } = await runInTerminal(args, state);
      expect(screen).toContain(spinner);
      expect(sim.requests.length).toBeGreaterThan(before);
    });
  }
});
