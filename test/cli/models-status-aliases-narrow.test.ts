/**
 * `models status` on a narrow terminal: an alias entry that must be broken over lines starts a
 * line of its own, so no line ends with the first words of the next alias. The built CLI (`npm
 * run build` first), against the simulator's config.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** The lines of the Aliases: field (the last field, ended by the blank line before the keys). */
function aliasLines(stdout: string): string[] {
  const lines = stdout.split("\n");
  const first = lines.findIndex((line) => line.startsWith("Aliases:"));
  const end = lines.indexOf("", first);
  return lines
    .slice(first, end)
    .map((line) => line.replace(/^Aliases:/, "").trim())
    .filter((line) => line !== "");
}

// Before, at 40 columns: "Kimi K2.5 → moonshot/kimi-k2.5, Kimi K2" on one line and "Turbo →
// moonshot/kimi-k2-turbo-preview," on the next, which read as an alias "Turbo".
describe("models status at 40 columns", () => {
  it("starts each alias that must be broken on a line of its own", async () => {
    env = await startSimEnv();
    const result = await runCli(["models", "status"], { env: { ...env.cliEnv, COLUMNS: "40" } });
    expect(result.code).toBe(0);
    const field = aliasLines(result.stdout);
    // Each line of the field begins with an alias or the model it names, never in the middle.
    for (const line of field) {
      expect(line).toMatch(
        /^(Kimi K2\.5 →|Kimi K2 Turbo →|Kimi K2 Thinking →|Kimi Code →|moonshot\/|kimi-code\/)/,
      );
    }
    expect(field.join(" ")).toContain("Kimi Code → kimi-code/kimi-for-coding");
  });
});
