/**
 * `models list` on a narrow terminal shows each model as a block of `Header  value` lines. A ref
 * too wide beside its `Model` label was cut with … (`moonshot-cn/kimi-k2-thinking-tur…` at 40
 * columns), and a ref is what a person copies into their config: it now goes whole on a line of
 * its own under the label. Real CLI, no network: `models list` calls nothing.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function list(columns: number) {
  const dir = tempDir("openclaw-list-narrow-ref-");
  return runCli(["models", "list", "--all"], {
    env: { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1", COLUMNS: String(columns) },
  });
}

describe("models list on a narrow terminal", () => {
  it("never cuts a model ref: one too wide beside 'Model' goes whole under it", async () => {
    const wide = await list(400);
    expect(wide.code).toBe(0);
    const refs = wide.stdout
      .split("\n")
      .slice(1)
      .map((line) => line.split(/\s+/)[0] ?? "")
      .filter((ref) => ref.includes("/"));
    expect(refs).toContain("moonshot-cn/kimi-k2-thinking-turbo");
    for (const columns of [40, 30]) {
      const narrow = await list(columns);
      expect(narrow.code).toBe(0);
      expect(narrow.stdout).not.toContain("…");
      const lines = narrow.stdout.split("\n");
      for (const ref of refs) {
        const shown = lines.some((line) => line === `Model  ${ref}` || line.trim() === ref);
        expect(shown, `${ref} at ${columns} columns`).toBe(true);
      }
    }
    const at40 = (await list(40)).stdout;
    expect(at40).toContain("\nModel\n  moonshot-cn/kimi-k2-thinking-turbo\nInput  text\n");
    expect(at40).toContain("Model  moonshot/kimi-k2.5\nInput  text\n");
  });
});
