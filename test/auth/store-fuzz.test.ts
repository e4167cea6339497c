/**
 * A hand-edited auth-profiles.json, edited wrong at random: reading it and looking a key up in it
 * either works or fails with an OpenClawError naming the file and line. Never a TypeError (which
 * the CLI tells as "a bug in openclaw"). Fixed seed: the same edits on every run.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createTargetKeyResolver,
  inspectKeySources,
  type KeyTarget,
  parseAuthStore,
} from "../../src/auth/index.js";
import { OpenClawError } from "../../src/errors.js";
import { editedText } from "../helpers/text-mutations.js";

const STORE = `${JSON.stringify(
  {
    version: 1,
    profiles: {
      "moonshot:default": { type: "api_key", provider: "moonshot", key: "sk-test-moonshot-0001" },
      "kimi-code:default": {
        type: "api_key",
        provider: "kimi-code",
        keyRef: { source: "env", id: "KIMI_API_KEY" },
      },
    },
  },
  null,
  2,
)}\n`;

const targets: KeyTarget[] = ["moonshot", "kimi-code"].map((provider) => ({
  provider,
  keySources: [{ kind: "env", variable: "MOONSHOT_API_KEY" }],
}));
const env = { KIMI_API_KEY: "sk-kimi-test-0002-aaaaaaaaaaaaaaaa" };

describe("an auth-profiles.json edited wrong", () => {
  it("is read, or refused naming the file and line; a key lookup never crashes", () => {
    let refused = 0;
    fc.assert(
      fc.property(editedText([STORE]), (text) => {
        let store: ReturnType<typeof parseAuthStore>;
        try {
          store = parseAuthStore(text, "auth-profiles.json");
        } catch (error) {
          if (!(error instanceof OpenClawError)) throw error;
          refused++;
          expect(error.where).toMatch(/^auth-profiles\.json(:\d+)*$/);
          return;
        }
        for (const target of targets) {
          createTargetKeyResolver({ store, env })(target);
          inspectKeySources(target, { store, env, profileId: "moonshot:default" });
        }
      }),
      { numRuns: 1500, seed: 20261202 },
    );
    expect(refused).toBeGreaterThan(100);
  });
});
