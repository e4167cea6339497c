/**
 * Answers from something other than the API at a provider's base URL, through the commands that
 * read them: Caddy's empty 200 (no route matched), AWS API Gateway's 403 "Missing Authentication
 * Token" (no route, not the key), and a captive portal's sign-in page (the network, not the
 * address). Before, onboard, models scan and doctor --probe took the empty 200 and the page for
 * a working key with 0 models and API Gateway's 403 for a refused key; the agent read the empty
 * 200 as a server error. A real HTTP server on 127.0.0.1.
 */
import { describe, expect, it } from "vitest";
import { labState, onboardLab } from "../helpers/custom-provider.js";
import { useOddAnswersUpstream } from "../helpers/odd-answers-upstream.js";
import { freshState } from "../onboard/harness.js";

const upstream = useOddAnswersUpstream();
const LAB_KEY = "sk-lab-key-0123456789";
/** The only model of the provider `lab`: lab/m. */
const LAB_MODEL = { id: "m", name: "M" };

const NO_API = {
  caddy:
    "has no API at its base URL: GET /models answered 200: an empty body, as a web server answers a path it has no route at (Caddy does)",
  "api-gateway":
    "has no API at its base URL: GET /models answered 403: Missing Authentication Token (AWS API Gateway's answer for a path it has no route at, not a refusal of the key)",
} as const;
const PORTAL_SAID =
  'the network answered GET /models with an HTML page ("Guest Wi-Fi Login"), as a web server or proxy sends, not an API\'s answer';
const portalHint = (baseUrl: string, setting: string) =>
  `something on this network answered in place of the API at ${baseUrl} (${setting}): most likely a captive portal (a hotel's, a train's or a guest Wi-Fi's sign-in page) or a proxy's login page; sign in to the network in a browser, or check the proxy (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY), then retry`;

interface Finding {
  check: string;
  level: string;
  message: string;
  hint?: string;
}

function probeFinding(stdout: string): Finding | undefined {
  return (JSON.parse(stdout) as { findings: Finding[] }).findings.find(
    (finding) => finding.check === "probe",
  );
}

describe("models scan, doctor --probe and onboard's key check", () => {
  it.each(["caddy", "api-gateway"] as const)(
    "%s: no API at the base URL, never a working key with 0 models nor a refused key",
    async (kind) => {
      const baseUrl = `${upstream.origin}/${kind}/v1`;
      const scan = await labState(baseUrl, LAB_KEY, LAB_MODEL).run(["models", "scan"]);
      expect(scan.code).toBe(1);
      expect(scan.stdout).toContain(
        `failed: ${baseUrl} ${NO_API[kind]}; models.providers.lab.baseUrl is ${baseUrl}, where no API answers`,
      );

      const doctor = await labState(baseUrl, LAB_KEY, LAB_MODEL).run([
        "doctor",
        "--probe",
        "--json",
      ]);
      expect(doctor.code).toBe(1);
      expect(probeFinding(doctor.stdout)).toMatchObject({
        level: "fail",
        message: `lab: ${baseUrl} ${NO_API[kind]}`,
      });

      const onboard = await freshState().run(onboardLab(baseUrl, "m", "--custom-api-key", LAB_KEY));
      const said = onboard.stdout + onboard.stderr;
      expect(said).toContain(`warning: lab (${baseUrl}) ${NO_API[kind]}`);
      expect(said).not.toContain("available");
      expect(said).not.toMatch(/rejected the key|revoked/);
    },
  );

  it("a captive portal's page: the network answered, the key is unchecked, with what to do", async () => {
    const baseUrl = `${upstream.origin}/portal/v1`;
    const scan = await labState(baseUrl, LAB_KEY, LAB_MODEL).run(["models", "scan"]);
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain(`failed: could not reach ${baseUrl}: ${PORTAL_SAID}`);
    expect(scan.stdout).not.toContain("0 models");

    const doctor = await labState(baseUrl, LAB_KEY, LAB_MODEL).run(["doctor", "--probe", "--json"]);
    const probe = probeFinding(doctor.stdout);
    expect(probe).toMatchObject({
      level: "warn",
      message: `lab: could not reach ${baseUrl} to check the key: ${PORTAL_SAID}`,
    });
    expect(probe?.hint).toContain(portalHint(baseUrl, "models.providers.lab.baseUrl"));

    const onboard = await freshState().run(onboardLab(baseUrl, "m", "--custom-api-key", LAB_KEY));
    expect(onboard.stderr).toContain(
      `warning: could not reach lab (${baseUrl}) to check the key: ${PORTAL_SAID} (${portalHint(baseUrl, "its base URL")}`,
    );
    expect(onboard.stdout + onboard.stderr).not.toContain("the key works");
  });
});

describe("openclaw agent", () => {
  it("says what answered and where the base URL is set, for each", async () => {
    const cases = [
      [
        "caddy",
        "has no API at its base URL (asked for model m): 200 an empty body, as a web server answers a path it has no route at (Caddy does)",
      ],
      [
        "api-gateway",
        "has no API at its base URL (asked for model m): 403 Missing Authentication Token (AWS API Gateway's answer for a path it has no route at, not a refusal of the key)",
      ],
      [
        "portal",
        'got a web page from the network in place of its API (asked for model m): 200 an HTML page ("Guest Wi-Fi Login"), as a web server or proxy sends, not an API\'s answer',
      ],
    ] as const;
    for (const [kind, what] of cases) {
      const baseUrl = `${upstream.origin}/${kind}/v1`;
      const state = labState(baseUrl, LAB_KEY, LAB_MODEL);
      const result = await state.run(["agent", "-m", "hi"]);
      expect(result.code, kind).toBe(1);
      const configAt = `${state.dir}/openclaw.json:1`;
      expect(result.stderr, kind).toContain(
        `error: lab (${new URL(upstream.origin).host}) ${what}`,
      );
      expect(result.stderr, kind).toContain(
        kind === "portal"
          ? `hint: ${portalHint(baseUrl, `models.providers.lab.baseUrl (${configAt})`)}`
          : `hint: models.providers.lab.baseUrl (${configAt}) is ${baseUrl}, where no API answers`,
      );
      expect(result.stderr, kind).not.toMatch(/User-Agent|server error|connection broke/);
    }
  });

  it("--json: a captive portal's page is class network_login, not a proxy's proxy_auth, asked once", async () => {
    const baseUrl = `${upstream.origin}/portal/v1`;
    const state = labState(baseUrl, LAB_KEY, LAB_MODEL);
    const result = await state.run(["agent", "-m", "hi", "--json"]);
    expect(result.code).toBe(1);
    const { error, failedAttempts } = JSON.parse(result.stdout) as {
      error: { code: string; class: string; hint: string };
      failedAttempts: unknown[];
    };
    expect(error).toMatchObject({ code: "provider.network_login", class: "network_login" });
    expect(error.hint).toContain(
      portalHint(baseUrl, `models.providers.lab.baseUrl (${state.dir}/openclaw.json:1)`),
    );
    expect(failedAttempts).toHaveLength(1);
  });
});
