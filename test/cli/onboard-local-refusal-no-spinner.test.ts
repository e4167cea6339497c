/**
 * A key onboarding refuses without the network (quotes pasted around it, no key at all) is
 * refused before the "Checking the key…" line would start: on a terminal, nothing suggests the
 * key was sent anywhere, and the simulators indeed see no request.
 */
import { describe, expect, it } from "vitest";
import { onboardCustom } from "../helpers/custom-provider.js";
import { onboardChoice, onboardWithKey } from "../helpers/onboard-args.js";
import { onboardTerminal } from "../helpers/onboard-terminal.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState } from "../onboard/harness.js";

const sims = regionSimulators();

/** A key pasted with the quotes of `MOONSHOT_API_KEY="…"` around it. */
const QUOTED_KEY = '"sk-fake-test-key-0001"';

function requestsSeen(): number {
  return sims.ai.requests.length + sims.cn.requests.length;
}

describe("openclaw onboard on a terminal, a key refused without the network", () => {
  it("--non-interactive with a quoted key: the refusal, exit 2, and no Checking line", async () => {
    const state = freshState();
    const before = requestsSeen();
    const term = onboardTerminal(sims, state, onboardWithKey("moonshot-api-key", QUOTED_KEY));
    try {
      expect(await term.exited).toBe(2);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).toContain('has a quote mark (") at its start or end');
    expect(screen).toContain("remove the quotes");
    expect(screen).not.toContain("Checking");
    expect(requestsSeen()).toBe(before);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("--non-interactive with no key anywhere: the refusal, exit 2, and no Checking line", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, onboardChoice("kimi-code-api-key"));
    try {
      expect(await term.exited).toBe(2);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).toContain("no API key given for kimi-code");
    expect(screen).not.toContain("Checking");
  });

  it("--non-interactive with a custom base URL that is no URL: the refusal, exit 2, and no Checking line", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, onboardCustom("llm example", "my-model"));
    try {
      expect(await term.exited).toBe(2);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).toContain("--custom-base-url");
    expect(screen).not.toContain("Checking");
  });

  it("in the prompts, with a quoted key given by flag: the refusal closes the frame, exit 2, no Checking line", async () => {
    const state = freshState();
    const before = requestsSeen();
    const term = onboardTerminal(sims, state, [
      "onboard",
      "--auth-choice",
      "moonshot-api-key",
      "--moonshot-api-key",
      QUOTED_KEY,
    ]);
    try {
      expect(await term.exited).toBe(2);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).toContain("OpenClaw onboarding");
    expect(screen).toContain('has a quote mark (") at its start or end');
    expect(screen).not.toContain("Checking");
    expect(requestsSeen()).toBe(before);
  });
});
