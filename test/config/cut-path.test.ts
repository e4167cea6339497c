/**
 * A state dir or config path cut short (`…/gw-state`, as a lan-bound gateway tells its client)
 * is refused, its hint saying where the whole path is, and how a directory of the working
 * directory truly named `…` is written: before, the hint left that person no way on, and a bare
 * `…` read 'the whole path, the one ending in it'.
 */
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfigPath, resolveStateDir } from "../../src/config/paths.js";
import { isOpenClawError } from "../../src/index.js";

function refusal(run: () => unknown): { message: string; hint: string | undefined } {
  try {
    run();
  } catch (error) {
    if (isOpenClawError(error) && error.code === "config.cut_path")
      return { message: error.message, hint: error.hint };
    throw error;
  }
  throw new Error("not refused");
}

describe("a path cut short in OPENCLAW_STATE_DIR or OPENCLAW_CONFIG_PATH", () => {
  it("is refused, the hint naming the whole path's end and the way to a directory truly named …", () => {
    const cut = refusal(() => resolveStateDir({ OPENCLAW_STATE_DIR: "…/gw-state" }));
    expect(cut.message).toBe(
      "OPENCLAW_STATE_DIR=…/gw-state is a path cut short (a gateway tells a client on the network only its last part), not a path to use",
    );
    expect(cut.hint).toBe(
      "on the gateway host, give OPENCLAW_STATE_DIR the whole path, the one ending in gw-state (the gateway's start-up lines name its config file and ledger in full); a directory of the working directory really named … is written ./…/gw-state",
    );
    // Written so, it is a path like any other.
    expect(resolveStateDir({ OPENCLAW_STATE_DIR: "./…/gw-state" })).toBe(resolve("…", "gw-state"));
    expect(resolveConfigPath({ OPENCLAW_CONFIG_PATH: "./…/openclaw.json" })).toBe(
      join(resolve("…"), "openclaw.json"),
    );
  });

  it("a bare … has no 'ending in it'", () => {
    const bare = refusal(() => resolveConfigPath({ OPENCLAW_CONFIG_PATH: "…" }));
    expect(bare.hint).toBe(
      "on the gateway host, give OPENCLAW_CONFIG_PATH the whole path (the gateway's start-up lines name its config file and ledger in full); a directory of the working directory really named … is written ./…",
    );
  });
});
