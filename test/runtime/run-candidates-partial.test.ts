/**
 * runCandidates and a request that ends in a partial assistant message (Moonshot's partial mode):
 * only the models of the chain that continue a prompt are tried (Moonshot's endpoint, a provider
 * declared with compat.supportsPartialMode, one over Anthropic's Messages format, where it is a
 * prefill); a chain with none is refused with partial_mode_unsupported naming its models and the
 * edit that declares the mode. A partial message that is not the last leaves the chain whole.
 */
import { describe, expect, it } from "vitest";
import type { ResolvedModel } from "../../src/catalog/types.js";
import { OpenClawError } from "../../src/errors.js";
import type { ChatRequest } from "../../src/providers/types.js";
import { runCandidates } from "../../src/runtime/run-candidates.js";
import { model } from "./fixtures.js";

/** A model whose endpoint takes partial mode (`takes`, as Moonshot's compat says) or is not known to. */
function withMode(ref: string, takes: boolean): ResolvedModel {
  const base = model(ref);
  return { ...base, compat: { ...base.compat, supportsPartialMode: takes } };
}
const custom = (ref: string) => withMode(ref, false);

const moonshot = withMode("moonshot/kimi-k2.5", true);
const overAnthropic = { ...custom("claude-ish/kimi-k2.5"), api: "anthropic-messages" as const };

function ending(partial: boolean): ChatRequest {
  return {
    messages: [
      { role: "user", content: "Write a haiku about the sea" },
      { role: "assistant", content: "Waves fold", ...(partial ? { partial: true } : {}) },
    ],
  };
}

function refusalOf(run: () => unknown): OpenClawError {
  try {
    run();
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(OpenClawError);
    return thrown as OpenClawError;
  }
  throw new Error("runCandidates did not refuse");
}

describe("runCandidates for a request ending in a partial assistant message", () => {
  it("keeps Moonshot's model and leaves out a fallback that would answer anew", () => {
    const chain = [moonshot, custom("lab/kimi-k2.5")];
    expect(runCandidates(chain, ending(true), "openclaw").map((m) => m.ref)).toEqual([
      "moonshot/kimi-k2.5",
    ]);
    // Without the flag the message is an earlier turn any model takes: the chain is whole.
    expect(runCandidates(chain, ending(false), "openclaw")).toBe(chain);
  });

  it("goes past a primary without the mode to a fallback that continues, one over Anthropic's format too", () => {
    const chain = [custom("lab/kimi-k2.5"), overAnthropic, moonshot];
    expect(runCandidates(chain, ending(true), "openclaw").map((m) => m.ref)).toEqual([
      "claude-ish/kimi-k2.5",
      "moonshot/kimi-k2.5",
    ]);
  });

  it("refuses a chain none of whose models continues, naming them and the config set for the first", () => {
    const refusal = refusalOf(() =>
      runCandidates([custom("lab/kimi-k2.5"), custom("lab2/kimi-k2.5")], ending(true), "openclaw"),
    );
    expect(refusal.code).toBe("partial_mode_unsupported");
    expect(refusal.where).toBe("lab/kimi-k2.5");
    expect(refusal.message).toContain(
      'none of lab/kimi-k2.5, lab2/kimi-k2.5 can continue a prompt: the request ends in an assistant message with "partial": true',
    );
    expect(refusal.message).toContain("providers lab, lab2 are not known to take it");
    expect(refusal.hint).toContain('drop "partial": true');
    expect(refusal.hint).toContain(
      "declare it: openclaw config set models.providers.lab.compat.supportsPartialMode true",
    );
  });

  it("words the fix as the config object's edit, or after the state dir's prefix, as it is told to", () => {
    const lone = [custom("lab/kimi-k2.5")];
    const objectRefusal = refusalOf(() =>
      runCandidates(lone, ending(true), "lab/kimi-k2.5", undefined, {
        configObject: "the config object openRuntime is given",
      }),
    );
    expect(objectRefusal.message).toContain("lab/kimi-k2.5 cannot continue a prompt");
    expect(objectRefusal.hint).toContain(
      "declare it: set models.providers.lab.compat.supportsPartialMode to true in the config object openRuntime is given",
    );
    const prefixed = refusalOf(() =>
      runCandidates(lone, ending(true), "lab/kimi-k2.5", undefined, {
        prefix: "OPENCLAW_STATE_DIR=/srv/oc ",
      }),
    );
    expect(prefixed.hint).toContain(
      "declare it: OPENCLAW_STATE_DIR=/srv/oc openclaw config set models.providers.lab.compat.supportsPartialMode true",
    );
  });

  it("leaves the chain whole when the partial message is not the last", () => {
    const chain = [custom("lab/kimi-k2.5")];
    const request: ChatRequest = {
      messages: [...ending(true).messages, { role: "user", content: "and another" }],
    };
    expect(runCandidates(chain, request, "lab/kimi-k2.5")).toBe(chain);
  });
});
