/**
 * `/model Kimi K2 Thinking` in `openclaw chat` (an alias of the Moonshot page's config, for
 * kimi-k2-thinking, which Moonshot retired) was taken without a word, and the next message failed
 * with a 404. The switch now says at once, as a warning, that the id is retired per openclaw's
 * list, where the alias is written and the /model to type instead. The switch is still made (the
 * person asked it, and a proxy may still serve the id), as `models set` writes such an id with a
 * warning. The built CLI (`npm run build` first) against a simulator that serves no retired id.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** The line of the sim config that gives a model the alias `alias`. */
function aliasLineOf(stateDir: string, alias: string): number {
  const lines = readFileSync(join(stateDir, "openclaw.json"), "utf8").split("\n");
  return lines.findIndex((line) => line.includes(`"alias": "${alias}"`)) + 1;
}

describe("chat: /model to a retired model id", () => {
  it("warns at once with the alias's place and the /model to type instead, and switches", async () => {
    const { cliEnv, stateDir } = await setup({ sim: { serveRetiredModels: false } });
    const config = join(stateDir, "openclaw.json");
    const aliasLine = aliasLineOf(stateDir, "Kimi K2 Thinking");
    const result = await runCli(["chat"], {
      env: { ...cliEnv, COLUMNS: "1000" },
      input: "/model Kimi K2 Thinking\n",
    });
    expect(result.code).toBe(0);
    expect(result.stderr.split("\n").filter((line) => line.includes("retired"))).toEqual([
      `warning: moonshot/kimi-k2-thinking is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; "Kimi K2 Thinking" is the alias written at ${config}:${aliasLine}: agents.defaults.models["moonshot/kimi-k2-thinking"].alias; use moonshot/kimi-k2.5 instead: /model moonshot/kimi-k2.5`,
    ]);
    expect(result.stdout).toMatch(/^model: moonshot\/kimi-k2-thinking /m);
  });

  it("by ref too; the command it names switches to a served model, which answers unwarned", async () => {
    const { cliEnv, sim } = await setup({ sim: { serveRetiredModels: false } });
    const result = await runCli(["chat"], {
      env: { ...cliEnv, COLUMNS: "1000" },
      input: "/model moonshot/kimi-k2-turbo-preview\n/model moonshot/kimi-k2.5\nhi\n",
    });
    expect(result.code).toBe(0);
    expect(result.stderr.split("\n").filter((line) => line.startsWith("warning:"))).toEqual([
      "warning: moonshot/kimi-k2-turbo-preview is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: /model moonshot/kimi-k2.5",
    ]);
    expect(result.stderr).not.toContain("error:");
    expect(sim.chatRequests().map((request) => (request.body as { model: string }).model)).toEqual([
      "kimi-k2.5",
    ]);
  });
});
