/**
 * Onboarding a custom OpenAI-compatible endpoint: without a key it is asked without one and
 * written as `authHeader: false` (so that `agent` then works), refused when it wants a key; a
 * model id the endpoint does not list is warned about, with the close match it does list.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardLab } from "../helpers/custom-provider.js";
import { ENTER, startTerminal } from "../helpers/pty.js";
import { freshState, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

/** An endpoint that answers without a key (as a local model server does). */
let open: Simulator;
/** One that wants a key (401 without one). */
let locked: Simulator;
beforeAll(async () => {
  open = await startSimulator({ keyless: true });
  locked = await startSimulator();
});
afterAll(async () => {
  await open?.close();
  await locked?.close();
});

interface LabConfig {
  models: { providers: { lab: { authHeader?: boolean } } };
}

describe("a custom endpoint onboarded without a key", () => {
  it("is asked without one, written as authHeader: false, and agent then works", async () => {
    const state = freshState();
    const result = await state.run(onboardLab(open.moonshotBaseUrl, "kimi-k2.5"));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("answers without a key (4 models available)");
    expect(result.stdout).toContain("Key:        none (the endpoint is called without one)");
    const check = open.requests.find((request) => request.path === "/v1/models");
    expect(check?.headers.authorization).toBeUndefined();
    expect((state.config() as unknown as LabConfig).models.providers.lab.authHeader).toBe(false);

    open.reset();
    const agent = await state.run(["agent", "-m", "hi"]);
    expect(agent.stderr).not.toContain("error");
    expect(agent.code).toBe(0);
    expect(open.chatRequests()[0]?.headers.authorization).toBeUndefined();
    const doctor = await state.run(["models", "status", "--check"]);
    expect(doctor.code).toBe(0);
  });

  it("is scanned without a key by models scan", async () => {
    const state = freshState();
    expect((await state.run(onboardLab(open.moonshotBaseUrl, "kimi-k2.55"))).code).toBe(0);
    open.reset();
    const scan = await state.run(["models", "scan", "--provider", "lab"]);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain("4 models reported, 0 already known");
    expect(scan.stdout).toContain("- gone    kimi-k2.55 (not offered)");
    expect(scan.stdout).not.toContain("no usable key");
    expect(open.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("fails, writing nothing, when the endpoint refuses a request without a key", async () => {
    const state = freshState();
    const result = await state.run(onboardLab(locked.moonshotBaseUrl, "kimi-k2.5"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "refused a request without a key (401 invalid_authentication_error): it needs one",
    );
    expect(result.stderr).toContain(
      "hint: give its key with --custom-api-key <key> (or $LAB_API_KEY)",
    );
    expect(result.stderr).toContain("use --skip-health to save it without a key anyway");
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });

    const json = await state.run(onboardLab(locked.moonshotBaseUrl, "kimi-k2.5", "--json"));
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: "onboard.key_required" },
    });
  });

  it("is saved unchecked with --skip-health, still as authHeader: false", async () => {
    const state = freshState();
    const result = await state.run(
      onboardLab(locked.moonshotBaseUrl, "kimi-k2.5", "--skip-health"),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("not checked: --skip-health");
    expect((state.config() as unknown as LabConfig).models.providers.lab.authHeader).toBe(false);
  });

  it("sends the key again once onboarded with one, and says a stored key stops being sent", async () => {
    const state = freshState();
    expect((await state.run(onboardLab(open.moonshotBaseUrl, "kimi-k2.5"))).code).toBe(0);
    const withKey = await state.run(
      onboardLab(locked.moonshotBaseUrl, "kimi-k2.5", "--custom-api-key", MOONSHOT_KEY),
    );
    expect(withKey.code).toBe(0);
    expect(withKey.stdout).toContain("lab: authHeader: false removed (the key is sent now)");
    expect(
      (state.config() as unknown as LabConfig).models.providers.lab.authHeader,
    ).toBeUndefined();
    locked.reset();
    expect((await state.run(["agent", "-m", "hi"])).code).toBe(0);
    expect(locked.chatRequests()[0]?.headers.authorization).toBe(`Bearer ${MOONSHOT_KEY}`);

    const keyless = await state.run(onboardLab(open.moonshotBaseUrl, "kimi-k2.5"));
    expect(keyless.code).toBe(0);
    expect(keyless.stdout).toContain("lab: authHeader: false (it is called without a key)");
    expect(keyless.stderr).toContain(
      "the key stored in profile lab:default is no longer sent; to send a key, onboard it again with --custom-api-key <key>",
    );
    expect(keyless.stderr).not.toContain(MOONSHOT_KEY);
  });
});

describe("a custom model id the endpoint does not list", () => {
  it("is saved with a warning naming the close match it does list", async () => {
    const state = freshState();
    const result = await state.run(
      onboardLab(locked.moonshotBaseUrl, "kimi-k2.55", "--custom-api-key", MOONSHOT_KEY),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "warning: lab's endpoint does not list the model kimi-k2.55 (did you mean kimi-k2.5, kimi-k2.6?): requests to lab/kimi-k2.55 may fail",
    );
    const json = await state.run(
      onboardLab(locked.moonshotBaseUrl, "kimi-k2.55", "--custom-api-key", MOONSHOT_KEY, "--json"),
    );
    const report = JSON.parse(json.stdout) as { warnings: string[]; primary: string };
    expect(report.warnings.join("\n")).toContain("does not list the model kimi-k2.55");
    expect(report.primary).toBe("lab/kimi-k2.55");
  });

  it("says nothing about a model id the endpoint lists", async () => {
    const state = freshState();
    const result = await state.run(
      onboardLab(locked.moonshotBaseUrl, "kimi-k2.5", "--custom-api-key", MOONSHOT_KEY),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
  });
});

describe("custom onboarding in a terminal", () => {
  function terminal(state: StateDir) {
    return startTerminal(["onboard", "--auth-choice", "custom-api-key"], {
      cwd: state.dir,
      env: state.env,
    });
  }

  async function describeEndpoint(
    term: ReturnType<typeof terminal>,
    baseUrl: string,
    modelId: string,
  ): Promise<void> {
    await term.waitFor("Base URL");
    await term.typeSlowly(baseUrl);
    term.write(ENTER);
    await term.waitFor("Model id");
    await term.typeSlowly(modelId);
    term.write(ENTER);
    await term.waitFor("Provider id");
    term.write(ENTER); // custom
    await term.waitFor("API key");
    term.write(ENTER); // none
  }

  it("offers the listed model closest to a mistyped id", async () => {
    const state = freshState();
    const term = terminal(state);
    try {
      await describeEndpoint(term, open.moonshotBaseUrl, "kimi-k2.55");
      await term.waitFor(
        "The endpoint does not list the model kimi-k2.55. Which model do you mean?",
      );
      term.write(ENTER); // the first: kimi-k2.5
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const config = state.config() as { agents: { defaults: { model: { primary: string } } } };
    expect(config.agents.defaults.model.primary).toBe("custom/kimi-k2.5");
  });

  it("asks before saving an endpoint that refused a request without a key", async () => {
    const state = freshState();
    const term = terminal(state);
    try {
      await describeEndpoint(term, locked.moonshotBaseUrl, "kimi-k2.5");
      await term.waitFor("refused a request without a key");
      await term.waitFor("Save it without a key anyway?");
      term.write(ENTER); // no (the default)
      expect(await term.exited).toBe(1);
    } finally {
      term.kill();
    }
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });
});

// A config written by hand with a key profile for "lab" and no provider: going keyless warns too.
describe("a stale key profile", () => {
  it("is named when the provider set up without a key would not send it", async () => {
    const state = freshState();
    mkdirSync(join(state.dir, "agents", "main", "agent"), { recursive: true });
    writeFileSync(
      state.storePath,
      JSON.stringify({
        version: 1,
        profiles: { "lab:default": { type: "api_key", provider: "lab", key: MOONSHOT_KEY } },
      }),
    );
    const result = await state.run(onboardLab(open.moonshotBaseUrl, "kimi-k2.5"));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("the key stored in profile lab:default is no longer sent");
  });
});
