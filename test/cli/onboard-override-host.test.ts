/**
 * With OPENCLAW_MOONSHOT_AI_BASE_URL (or the China or Kimi Code variable) set, interactive
 * onboarding names the one place the key goes in each line about it: the region menu, the key
 * prompt and the key check's sentences all say the override's host (its whole URL when its path
 * is not the public one's), the public host otherwise. The menu said api.moonshot.ai and the check
 * the whole URL while the prompt said the host. Kimi Code is left at its public address here: the
 * simulator serves it on the international one's host, and two endpoints on one host are named
 * by their base URLs instead (onboard-endpoints-named-apart.test.ts).
 */
import { describe, expect, it } from "vitest";
import { closedPort } from "../helpers/net.js";
import {
  declineToWrite,
  dumbOnboardTerminal,
  onboardTerminal,
  typeAnswer,
} from "../helpers/onboard-terminal.js";
import { CTRL_C, DOWN, ENTER, type Terminal } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, MOONSHOT_KEY, ONBOARD_MOONSHOT } from "../onboard/harness.js";

const sims = regionSimulators();

const hostOf = (url: string) => new URL(url).host;

/** Kimi Code at its public address, off the international simulator's host (not asked here). */
const KIMI_PUBLIC = { OPENCLAW_KIMI_CODE_BASE_URL: "" };

/** The lines of a dumb terminal's screen, without their trailing spaces. */
function lines(term: Terminal): string[] {
  return term
    .plain()
    .split(/\r?\n/)
    .map((line) => line.trimEnd());
}

/**
 * The region menu's two lines on TERM=dumb, with `env` over the simulators' variables; Ctrl-C at
 * its question, before any request.
 */
async function regionMenu(env: Record<string, string>): Promise<string[]> {
  const term = dumbOnboardTerminal(sims, freshState(), ["onboard"], { ...KIMI_PUBLIC, ...env });
  try {
    await term.waitFor("Enter 1-4 [1]: ");
    term.write(`1${ENTER}`); // Moonshot
    await term.waitFor("Enter 1-2 [1]: ");
    term.write(CTRL_C);
    expect(await term.exited).toBe(130);
  } finally {
    term.kill();
  }
  const shown = lines(term);
  const question = shown.indexOf("Which Moonshot region is your key from?");
  expect(question).toBeGreaterThan(-1);
  return shown.slice(question + 1, question + 3);
}

/**
 * `openclaw onboard --auth-choice moonshot-api-key` on TERM=dumb with `env` over the simulators'
 * variables: the key typed once `prompt` shows, then the write declined (exit 1).
 */
async function keyTypedThenDeclined(
  env: Record<string, string>,
  prompt: string,
): Promise<Terminal> {
  const term = dumbOnboardTerminal(
    sims,
    freshState(),
    ["onboard", "--auth-choice", "moonshot-api-key"],
    { ...KIMI_PUBLIC, ...env },
  );
  try {
    await term.waitFor(prompt);
    await typeAnswer(term, MOONSHOT_KEY);
    await declineToWrite(term);
  } finally {
    term.kill();
  }
  return term;
}

describe("onboarding names the host an OPENCLAW_*_BASE_URL override sends the key to", () => {
  it("in the region menu, with the variable while the line fits 80 columns", async () => {
    const ai = hostOf(sims.ai.moonshotBaseUrl);
    const cn = hostOf(sims.cn.moonshotBaseUrl);
    // A host too long for the variable's name beside it in 80 columns: the host alone.
    const longHost = "moonshot-gateway.platform-team.internal.example.com:8443";
    for (const [env, menu] of [
      [
        {},
        [
          `  1) International (${ai}, from OPENCLAW_MOONSHOT_AI_BASE_URL)`,
          `  2) China (${cn}, from OPENCLAW_MOONSHOT_CN_BASE_URL)`,
        ],
      ],
      [
        { OPENCLAW_MOONSHOT_AI_BASE_URL: "", OPENCLAW_MOONSHOT_CN_BASE_URL: "" },
        ["  1) International (api.moonshot.ai)", "  2) China (api.moonshot.cn)"],
      ],
      [
        { OPENCLAW_MOONSHOT_AI_BASE_URL: `https://${longHost}/v1` },
        [
          `  1) International (${longHost})`,
          `  2) China (${cn}, from OPENCLAW_MOONSHOT_CN_BASE_URL)`,
        ],
      ],
    ] as const) {
      const shown = await regionMenu(env);
      expect(shown).toEqual(menu);
      for (const line of shown) expect(line.length).toBeLessThanOrEqual(80);
    }
  });

  it("in the drawn region menu too, each region's line as the cursor reaches it", async () => {
    const term = onboardTerminal(sims, freshState(), ["onboard"], { env: KIMI_PUBLIC });
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(ENTER); // Moonshot
      await term.waitFor(
        `International (${hostOf(sims.ai.moonshotBaseUrl)}, from OPENCLAW_MOONSHOT_AI_BASE_URL)`,
      );
      term.write(DOWN);
      await term.waitFor(
        `China (${hostOf(sims.cn.moonshotBaseUrl)}, from OPENCLAW_MOONSHOT_CN_BASE_URL)`,
      );
      term.write(CTRL_C);
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain("api.moonshot.");
  });

  it("in the key check's refusal and its success, as the key prompt names it", async () => {
    const host = hostOf(sims.ai.moonshotBaseUrl);
    const term = dumbOnboardTerminal(sims, freshState(), ["onboard"], KIMI_PUBLIC);
    try {
      await term.waitFor("Enter 1-4 [1]: ");
      term.write(`1${ENTER}`); // Moonshot
      await term.waitFor("Enter 1-2 [1]: ");
      term.write(ENTER); // International
      await term.waitFor(`Password for the Moonshot API key, international (${host}), not shown: `);
      await typeAnswer(term, "sk-test-moonshot-typo-0007");
      await term.waitFor("Enter another key? [Y/n]: ");
      term.write(ENTER);
      await term.waitFor("not shown: ");
      await typeAnswer(term, MOONSHOT_KEY);
      await declineToWrite(term);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).toContain(`Moonshot international (${host}) rejected the key`);
    expect(screen).toContain(`the key works on Moonshot international at ${host} (`);
    // The whole URL only in the summary, which shows the base URL written to the config and,
    // as the menu does, the variable it came from.
    expect(lines(term)).toContain(
      `  Provider:   moonshot (${sims.ai.moonshotBaseUrl}, from OPENCLAW_MOONSHOT_AI_BASE_URL)`,
    );
    const urls = lines(term).filter((line) => line.includes(sims.ai.moonshotBaseUrl));
    expect(urls.every((line) => line.includes("moonshot ("))).toBe(true);
    expect(screen).not.toContain(MOONSHOT_KEY);
    expect(screen).not.toContain("sk-test-moonshot-typo-0007");
  });

  it("by its whole URL, in the prompt and the check alike, when its path is not the public one's", async () => {
    // Two proxies on one host told apart by their paths would both be named by the host alone.
    const url = `http://127.0.0.1:${await closedPort()}/gateway/moonshot/v1`;
    const term = await keyTypedThenDeclined(
      { OPENCLAW_MOONSHOT_AI_BASE_URL: url },
      `Password for the Moonshot API key, international (${url}), not shown: `,
    );
    expect(term.plain()).toContain(
      `could not reach Moonshot international (${url}) to check the key`,
    );
  });

  it("by the public host when no override is set, in the check as in the prompt", async () => {
    // No request leaves the machine: the proxy the check goes through is a closed local port.
    const term = await keyTypedThenDeclined(
      { OPENCLAW_MOONSHOT_AI_BASE_URL: "", HTTPS_PROXY: `http://127.0.0.1:${await closedPort()}` },
      "Password for the Moonshot API key, international (api.moonshot.ai), not shown: ",
    );
    expect(term.plain()).toContain(
      "could not reach Moonshot international (api.moonshot.ai) to check the key",
    );
    expect(lines(term)).toContain("  Provider:   moonshot (https://api.moonshot.ai/v1)");
  });

  it("in --json, which names the variable the base URL was taken from", async () => {
    const state = freshState({ ...sims.endpointEnv(), ...KIMI_PUBLIC });
    const result = await state.run([...ONBOARD_MOONSHOT, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      baseUrl: sims.ai.moonshotBaseUrl,
      baseUrlVariable: "OPENCLAW_MOONSHOT_AI_BASE_URL",
      check: { message: expect.stringContaining(`at ${hostOf(sims.ai.moonshotBaseUrl)} (`) },
    });
    expect(result.stdout + result.stderr).not.toContain(MOONSHOT_KEY);
  });
});
