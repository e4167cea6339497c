/**
 * openRuntime and a request whose last message is an assistant message with `"partial": true`
 * to a model whose provider is not known to take Moonshot's partial mode: refused before
 * anything is sent (partial_mode_unsupported), with the fix as the edit of the config object the
 * program gave, as a retired model's fix is worded there.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openRuntime } from "../../src/index.js";
import { customProvider } from "../helpers/custom-provider-entry.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const config = {
  models: {
    providers: {
      lab: customProvider([{ id: "kimi-k2.5", name: "Served elsewhere" }], {
        apiKey: "sk-fake-test-key-0001",
      }),
    },
  },
  agents: { defaults: { model: { primary: "lab/kimi-k2.5" } } },
};

describe("a library run ending in a partial assistant message", () => {
  it("is refused for a provider not known to take partial mode, saying the config object's edit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openclaw-partial-mode-"));
    dirs.push(dir);
    const { runtime } = openRuntime({ env: { OPENCLAW_STATE_DIR: dir, HOME: dir }, config });
    const refused = await runtime
      .complete({
        request: {
          messages: [
            { role: "user", content: "Write a haiku about the sea" },
            { role: "assistant", content: "Waves fold", partial: true },
          ],
        },
      })
      .then(
        () => undefined,
        (caught: unknown) => caught as { code?: string; message?: string; hint?: string },
      );
    expect(refused?.code).toBe("partial_mode_unsupported");
    expect(refused?.message).toContain("lab/kimi-k2.5 cannot continue a prompt");
    expect(refused?.hint).toContain(
      "declare it: set models.providers.lab.compat.supportsPartialMode to true in the config object openRuntime is given",
    );
  });
});
