/**
 * A base URL on this machine with nothing listening: the hint said to check "the network, any
 * proxy (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY)", though loopback is always reached directly and
 * a proxy variable has nothing to do with it. agent, models status --probe, doctor --probe and
 * onboard now say nothing is listening at that host and port, to start the server there or fix
 * the base URL, with where it is set. Ports 18817-18819, nothing listening on them; the proxy
 * variables name a proxy nobody runs, which loopback must not go through.
 */
import { describe, expect, it } from "vitest";
import { onboardLab } from "../helpers/custom-provider.js";
import { moonshotStateAt } from "../helpers/moonshot-at.js";
import { freshState } from "../onboard/harness.js";

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");
/** A proxy nobody runs: a request that went through it would fail at the proxy, not the server. */
const PROXIES = {
  HTTPS_PROXY: "http://proxy.invalid:3128",
  HTTP_PROXY: "http://proxy.invalid:3128",
};

describe("a loopback base URL with nothing listening", () => {
  it("agent: nothing is listening on 127.0.0.1:18817; start it or fix the baseUrl at its line", async () => {
    const state = moonshotStateAt("http://127.0.0.1:18817/v1");
    const run = await state.run(["agent", "-m", "hi"], PROXIES);
    expect(run.code).toBe(1);
    const said = unwrapped(run.stderr);
    expect(said).toContain(
      `hint: nothing is listening on 127.0.0.1:18817 (connection refused): start the server there, or fix models.providers.moonshot.baseUrl (${state.configPath}:4)`,
    );
    expect(said).not.toContain("proxy");
  });

  it("models status --probe and doctor --probe say the same of localhost:18818", async () => {
    const state = moonshotStateAt("http://localhost:18818/v1");
    const hint = `the key was not verified; nothing is listening on localhost:18818 (connection refused): start the server there, or fix the base URL (models.providers.moonshot.baseUrl, ${state.configPath}:4)`;
    const status = await state.run(["models", "status", "--probe", "--json"], PROXIES);
    const probes = (JSON.parse(status.stdout) as { probes: { result: { hint?: string } }[] })
      .probes;
    expect(probes.map((probe) => probe.result.hint)).toEqual([hint]);

    const doctor = await state.run(["doctor", "--probe"], PROXIES);
    const said = unwrapped(doctor.stdout + doctor.stderr);
    expect(said).toContain(hint);
    expect(said).not.toContain("any proxy");
  });

  it("onboard: nothing is listening on 127.0.0.1:18819; the base URL written to the config", async () => {
    const baseUrl = "http://127.0.0.1:18819/v1";
    const state = freshState(PROXIES);
    const run = await state.run(onboardLab(baseUrl, "m", "--json"));
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { check: { status: string; hint?: string } };
    expect(summary.check.status).toBe("unreachable");
    expect(summary.check.hint).toBe(
      `it was not checked; nothing is listening on 127.0.0.1:18819 (connection refused): start the server there, or fix the base URL (written to models.providers.lab.baseUrl in ${state.configPath}); once it answers, see its models with: openclaw models scan --provider lab`,
    );
  });
});
