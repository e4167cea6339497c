/** What a gateway reload says of the default chain's keyless members: only what changed. */
import { describe, expect, it } from "vitest";
import {
  type DefaultChainKeys,
  keylessReloadLines,
} from "../../src/cli/commands/keyless-reload.js";
import type { KeylessChainMember } from "../../src/onboard/chain-keys.js";

const member: KeylessChainMember = {
  ref: "moonshot/kimi-k2.5",
  path: "agents.defaults.model.primary",
  provider: "moonshot",
  answeredBy: "kimi-code/kimi-for-coding",
  hint: "run: openclaw onboard",
  message: "the default chain's moonshot/kimi-k2.5 has no usable key for moonshot",
  warning: "the default chain's moonshot/kimi-k2.5 has no usable key for moonshot; to use it, …",
};
const chain = ["moonshot/kimi-k2.5", "kimi-code/kimi-for-coding"];
const keyless: DefaultChainKeys = { keyless: [member], chain, keyed: new Set(["kimi-code"]) };

describe("keylessReloadLines", () => {
  it("says nothing when the primary is taken out of the chain, rather than that it has a key", () => {
    const after = {
      keyless: [],
      chain: ["kimi-code/kimi-for-coding"],
      keyed: new Set(["kimi-code"]),
    };
    expect(keylessReloadLines(keyless, after)).toEqual([]);
  });

  it("says nothing when no member has a key any more: the reload's own warning says that", () => {
    expect(keylessReloadLines(keyless, { keyless: [], chain, keyed: new Set() })).toEqual([]);
  });

  it("warns again when the member that answers in its place changes", () => {
    const after = {
      ...keyless,
      keyless: [{ ...member, answeredBy: "moonshot/kimi-k2-thinking", message: "other" }],
    };
    expect(keylessReloadLines(keyless, after)).toEqual([
      "gateway: warning: other\n  hint: run: openclaw onboard",
    ]);
  });

  it("says nothing when it stays as it was", () => {
    expect(keylessReloadLines(keyless, keyless)).toEqual([]);
  });
});
