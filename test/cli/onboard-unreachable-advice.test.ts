/**
 * Onboarding against an endpoint nobody listens at (connection refused on 127.0.0.1): the
 * warning said to check "the network or a proxy, then try it with: openclaw models scan" (or
 * `models status --probe`), commands that fail the same way until the address is fixed, and never
 * named the base URL. It says to check the base URL first, where it is set (the config setting
 * and file, the variable that redirected a built-in endpoint), then the network and any proxy,
 * and only then which command checks again.
 */
import { describe, expect, it } from "vitest";
import { onboardLab } from "../helpers/custom-provider.js";
import { closedPort, freshState, ONBOARD_MOONSHOT } from "../onboard/harness.js";

const PROXIES = "any proxy (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY)";

interface Summary {
  warnings: string[];
  check: { status: string; hint?: string };
}

describe("onboard against an endpoint nobody listens at", () => {
  it("a custom endpoint without a key: the base URL and its setting first, then models scan", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const state = freshState();
    const run = await state.run(onboardLab(baseUrl, "m", "--json"));
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.check.status).toBe("unreachable");
    expect(summary.check.hint).toBe(
      `it was not checked; check the base URL ${baseUrl} (written to models.providers.lab.baseUrl in ${state.configPath}), then the network and ${PROXIES} between this machine and it; once it answers, see its models with: openclaw models scan --provider lab`,
    );
    expect(summary.warnings.join("\n")).not.toContain("then try it with");
  });

  it("a custom endpoint with a key: the base URL first, then models status --probe", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const state = freshState();
    const run = await state.run(
      onboardLab(baseUrl, "m", "--custom-api-key", "sk-lab-0123456789abcdef"),
    );
    expect(run.code).toBe(0);
    const said = run.stderr.replace(/\n\s+/g, " ");
    expect(said).toContain(
      `warning: could not reach lab (${baseUrl}) to check the key: connection refused (the key was not verified; check the base URL ${baseUrl} (written to models.providers.lab.baseUrl in ${state.configPath}), then the network and ${PROXIES} between this machine and it; once it answers, check the key with: openclaw models status --probe)`,
    );
  });

  it("Moonshot redirected by OPENCLAW_MOONSHOT_AI_BASE_URL: names the variable", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: baseUrl });
    const run = await state.run([...ONBOARD_MOONSHOT, "--json"]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.check.hint).toBe(
      `the key was not verified; check the base URL ${baseUrl} (set by OPENCLAW_MOONSHOT_AI_BASE_URL, written to models.providers.moonshot.baseUrl in ${state.configPath}), then the network and ${PROXIES} between this machine and it; once it answers, check the key with: openclaw models status --probe`,
    );
  });
});
