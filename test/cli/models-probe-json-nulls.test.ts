/**
 * `models status --json` with `--probe` has the same keys whatever the probes found, as the rest
 * of its object has since 65d564dd: a probe's `hint`, `acceptedBy`, `credit`, `keyBelongsTo`, …
 * and an unlisted model's `writtenAt` were left out when they had no value, and `probes` and
 * `unlistedModels` were there only with --probe; now each is null (or an empty list). The built
 * CLI (`npm run build` first) against the simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

type Json = Record<string, unknown>;

async function status(args: string[], env: Record<string, string>): Promise<Json> {
  const result = await runCli(["models", "status", ...args, "--json"], { env });
  return JSON.parse(result.stdout) as Json;
}

/** Adds to the config a model the simulator's list does not have. */
function allowUnlisted(stateDir: string): void {
  const file = path.join(stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.models.providers.moonshot.models.push({ id: "kimi-k9-nope", name: "Nope" });
  config.agents.defaults.models["moonshot/kimi-k9-nope"] = {};
  writeFileSync(file, JSON.stringify(config, null, 2));
}

describe("models status --json with --probe and fields that have no value", () => {
  it("gives probes and unlistedModels as null without --probe", async () => {
    const { cliEnv } = await setup();
    const json = await status([], cliEnv);
    expect(json).toMatchObject({ probes: null, unlistedModels: null });
  });

  it("gives each probe, working key or refused, the same keys, null when empty", async () => {
    const { cliEnv, stateDir } = await setup();
    allowUnlisted(stateDir);
    const json = await status(["--probe"], { ...cliEnv, KIMICODE_API_KEY: "sk-kimi-fake-abc-01" });
    const probes = json.probes as Json[];
    const moonshot = probes.find((probe) => probe.provider === "moonshot") as Json;
    const kimi = probes.find((probe) => probe.provider === "kimi-code") as Json;
    expect(Object.keys(moonshot).sort()).toEqual(Object.keys(kimi).sort());
    expect(moonshot).toMatchObject({ keyBelongsTo: null, creditUnreadable: null });
    expect(moonshot.result).toMatchObject({
      status: "valid",
      hint: null,
      httpStatus: null,
      connectCode: null,
      unchecked: [],
      genericUnreachableHint: false,
      acceptedBy: { address: null, provider: "moonshot", headers: {} },
    });
    expect(kimi).toMatchObject({ credit: null });
    expect(kimi.result).toMatchObject({ acceptedBy: null, models: [] });
    expect(Object.keys(kimi.result as Json).sort()).toEqual(
      Object.keys(moonshot.result as Json).sort(),
    );
    const unlisted = json.unlistedModels as { details: Json[] }[];
    expect(unlisted[0]?.details[0]).toMatchObject({
      ref: "moonshot/kimi-k9-nope",
      writtenAt: { path: expect.any(String), file: expect.any(String), line: expect.any(Number) },
    });
  });
});
