/**
 * A base URL for a custom endpoint typed the way people copy it: without http:// (`localhost:8000/v1`,
 * which a URL parser reads as the scheme `localhost:`), or with the endpoint's own path on it
 * (`…/v1/chat/completions`, from the provider's curl example). Onboarding refuses both as a
 * usage mistake (exit 2) before any request, nothing written, and gives the address to use.
 * Runs the built CLI.
 */
import { describe, expect, it } from "vitest";
import { onboardCustom } from "../helpers/custom-provider.js";
import { dumbOnboardTerminal, typeAnswer } from "../helpers/onboard-terminal.js";
import { CTRL_C } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState } from "../onboard/harness.js";

const KEY = "sk-custombaseurltest00000001";

async function refused(baseUrl: string) {
  const state = freshState();
  const result = await state.run(onboardCustom(baseUrl, "m1", "--custom-api-key", KEY));
  expect(result.code).toBe(2);
  expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  expect(result.stderr).not.toContain("    at ");
  expect(result.stderr).not.toContain(KEY);
  return result.stderr;
}

describe("onboard --custom-base-url", () => {
  it("without a scheme says so and gives the address with http:// (this machine) or https://", async () => {
    // Before: '--custom-base-url must start with http:// or https://, got "localhost:"'.
    expect(await refused("localhost:8000/v1")).toContain(
      'error: --custom-base-url "localhost:8000/v1" has no http:// or https:// in front\nhint: use: --custom-base-url http://localhost:8000/v1',
    );
    // Before: '--custom-base-url is not a URL: "llm.example.com/v1"' with a generic example.
    expect(await refused("llm.example.com/v1")).toContain(
      "hint: use: --custom-base-url https://llm.example.com/v1",
    );
  });

  it("ending in /chat/completions is refused with the base URL to give", async () => {
    // Before: written as it was (exit 0), so every request went to …/chat/completions/chat/completions.
    const stderr = await refused("http://127.0.0.1:9/v1/chat/completions");
    expect(stderr).toContain(
      "error: --custom-base-url http://127.0.0.1:9/v1/chat/completions ends in /chat/completions, a path openclaw adds to the base URL itself",
    );
    expect(stderr).toContain("hint: use: --custom-base-url http://127.0.0.1:9/v1");
    expect(await refused("https://llm.example.test/v1/models/")).toContain(
      "hint: use: --custom-base-url https://llm.example.test/v1",
    );
  });

  it("a key given as the base URL is said to be one, masked", async () => {
    const stderr = await refused(KEY);
    expect(stderr).toContain("looks like an API key, not a URL");
    expect(stderr).toContain("the key goes in --custom-api-key");
  });
});

describe("onboard's Base URL question (TERM=dumb)", () => {
  const sims = regionSimulators();

  it("asks again with the address to give, for one without http:// or ending in /chat/completions", async () => {
    const state = freshState();
    const term = dumbOnboardTerminal(sims, state, ["onboard", "--auth-choice", "custom-api-key"]);
    try {
      await term.waitFor("Base URL of the OpenAI-compatible API");
      // Before: "use http:// or https://", the scheme being read as "localhost:".
      await typeAnswer(term, "localhost:8000/v1");
      await term.waitFor(
        '"localhost:8000/v1" has no http:// or https:// in front: use http://localhost:8000/v1',
      );
      // Before: taken as the base URL.
      await typeAnswer(term, "http://127.0.0.1:9/v1/chat/completions");
      await term.waitFor(
        "ends in /chat/completions, a path openclaw adds to the base URL itself: use",
      );
      await typeAnswer(term, "http://127.0.0.1:9/v1");
      await term.waitFor("Model id");
      term.write(CTRL_C);
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });
});
