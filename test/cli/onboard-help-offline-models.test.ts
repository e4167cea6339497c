/**
 * `openclaw onboard --help` says what onboarding writes without a model list (--skip-health, no
 * network): the built-in models but those the built-in list marks retired. It said "all of them
 * are written", while onboarding left the four retired K2 ids out, as the guide says.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";

describe("onboard --help on models written without a list", () => {
  it("says the retired ones are left out, as an onboarding with --skip-health does", async () => {
    const state = freshState();
    const onboard = await state.run(
      onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"),
    );
    expect(onboard.code).toBe(0);
    const ids = (
      state.config() as { models: { providers: { moonshot: { models: { id: string }[] } } } }
    ).models.providers.moonshot.models.map((model) => model.id);
    expect(ids).toEqual(["kimi-k2.5"]);

    const help = await runCli(["onboard", "--help"]);
    expect(help.code).toBe(0);
    const text = help.stdout.replace(/\s+/g, " ");
    expect(text).not.toContain("--skip-health) all of them are written.");
    expect(text).toContain(
      "Without a list (no network, an error answer, --skip-health) all of them are written but those openclaw's list marks retired, which every request would fail with 404.",
    );
  });
});
