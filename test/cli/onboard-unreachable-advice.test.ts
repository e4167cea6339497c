/**
 * Onboarding against an endpoint nobody listens at (connection refused on 127.0.0.1): the
 * warning said to check "the network or a proxy, then try it with: openclaw models scan" (or
 * `models status --probe`), commands that fail the same way until the address is fixed, and never
 * named the base URL. On this machine no proxy stands between, so it says nothing is listening
 * there: start the server or fix the base URL, where it is set (the config setting and file, the
 * variable that redirected a built-in endpoint), and only then which command checks again.
 */
import { describe, expect, it } from "vitest";
import { onboardLab } from "../helpers/custom-provider.js";
import { closedPort, freshState, ONBOARD_MOONSHOT } from "../onboard/harness.js";

interface Summary {
  warnings: string[];
  check: { status: string; hint?: string };
}

describe("onboard against an endpoint nobody listens at", () => {
  it("a custom endpoint without a key: the base URL and its setting first, then models scan", async () => {
    const port = await closedPort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const state = freshState();
    const run = await state.run(onboardLab(baseUrl, "m", "--json"));
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.check.status).toBe("unreachable");
    expect(summary.check.hint).toBe(
      `it was not checked; nothing is listening on 127.0.0.1:${port} (connection refused): start the server there, or fix the base URL (written to models.providers.lab.baseUrl in ${state.configPath}); once it answers, see its models with: openclaw models scan --provider lab`,
    );
    expect(summary.warnings.join("\n")).not.toContain("then try it with");
  });

  it("a custom endpoint with a key: the base URL first, then models status --probe", async () => {
    const port = await closedPort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const state = freshState();
    const run = await state.run(
      onboardLab(baseUrl, "m", "--custom-api-key", "sk-lab-0123456789abcdef"),
    );
    expect(run.code).toBe(0);
    const said = run.stderr.replace(/\n\s+/g, " ");
    expect(said).toContain(
      `warning: could not reach lab (${baseUrl}) to check the key: connection refused (the key was not verified; nothing is listening on 127.0.0.1:${port} (connection refused): start the server there, or fix the base URL (written to models.providers.lab.baseUrl in ${state.configPath}); once it answers, check the key with: openclaw models status --probe)`,
    );
  });

  it("Moonshot redirected by OPENCLAW_MOONSHOT_AI_BASE_URL: names the variable", async () => {
    const port = await closedPort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: baseUrl });
    const run = await state.run([...ONBOARD_MOONSHOT, "--json"]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.check.hint).toBe(
      `the key was not verified; nothing is listening on 127.0.0.1:${port} (connection refused): start the server there, or fix the base URL (set by OPENCLAW_MOONSHOT_AI_BASE_URL, written to models.providers.moonshot.baseUrl in ${state.configPath}); once it answers, check the key with: openclaw models status --probe`,
    );
  });
});
