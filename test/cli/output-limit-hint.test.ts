/**
 * The note after an answer cut at the output limit names commands that raise the limit: run as
 * the hint gives them, they succeed and the next request carries the higher max_tokens. The
 * built CLI (`npm run build` first) against the simulator over real sockets.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { type SimEnv, simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const CUT = [{ respond: { reply: { text: "The first half of", finishReason: "length" } } }];

/** The commands of a hint ("… with: A && B; or …"), run by a shell as a person would paste them. */
function runHinted(stderr: string, env: Record<string, string>): string[] {
  const hint = /^hint: raise the limit to \d+ with: (.*); or ask for a shorter answer$/m.exec(
    stderr,
  )?.[1];
  expect(hint, stderr).toBeDefined();
  const commands = (hint as string).split(" && ");
  for (const command of commands) {
    expect(command).toMatch(/^openclaw config set /);
    const shell = `"${process.execPath}" "${CLI}" ${command.slice("openclaw ".length)}`;
    const ran = spawnSync("sh", ["-c", shell], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
      encoding: "utf8",
    });
    expect(ran.status, `${command}\n${ran.stderr}`).toBe(0);
  }
  return commands;
}

function sentMaxTokens(sim: SimEnv["sim"], index: number): unknown {
  return (sim.chatRequests()[index]?.body as { max_tokens?: unknown } | undefined)?.max_tokens;
}

describe("an answer cut at the output limit", () => {
  it("hints the config set command for the model's own entry; run, the next answer may be twice as long", async () => {
    const { sim, cliEnv } = await setup();
    sim.script(CUT);
    const cut = await runCli(["agent", "-m", "long story"], { env: cliEnv });
    expect(cut.code).toBe(0);
    expect(cut.stderr).toMatch(
      /note: the answer was cut off: moonshot\/kimi-k2\.5 reached its output limit \(max_tokens 8192, set by/,
    );
    expect(cut.stderr).not.toMatch(/config edit/);
    const commands = runHinted(cut.stderr, cliEnv);
    expect(commands).toEqual([
      "openclaw config set 'models.providers.moonshot.models[0].maxTokens' 16384",
    ]);

    const next = await runCli(["agent", "-m", "long story"], { env: cliEnv });
    expect(next.code).toBe(0);
    expect(sentMaxTokens(sim, 0)).toBe(8192);
    expect(sentMaxTokens(sim, 1)).toBe(16384);
  });

  it("for a built-in model the config does not list, the command adds its entry", async () => {
    const { sim } = await setup();
    const stateDir = tempDir();
    writeFileSync(
      path.join(stateDir, "openclaw.json"),
      JSON.stringify({
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
        // The built-in provider at the simulator's address, its models not listed.
        models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
      }),
    );
    const env = {
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_HOME: stateDir,
      MOONSHOT_API_KEY: sim.keys.moonshot,
      NO_COLOR: "1",
    };
    sim.script(CUT);
    const cut = await runCli(["chat"], { env, input: "long story\n" });
    expect(cut.code, cut.stderr).toBe(0);
    const commands = runHinted(cut.stderr, env);
    expect(commands).toEqual([
      `openclaw config set 'models.providers.moonshot.models[0]' '{ id: "kimi-k2.5", name: "Kimi K2.5", maxTokens: 16384 }'`,
    ]);

    const next = await runCli(["agent", "-m", "long story"], { env });
    expect(next.code, next.stderr).toBe(0);
    expect(sentMaxTokens(sim, 1)).toBe(16384);
  });

  it("past the 32,000 sent by default, the model's params are raised too", async () => {
    const { sim, cliEnv } = await setup();
    sim.script(CUT);
    const cut = await runCli(
      ["agent", "-m", "long story", "--model", "kimi-code/kimi-for-coding"],
      {
        env: cliEnv,
      },
    );
    expect(cut.code).toBe(0);
    expect(cut.stderr.replace(/\n {2,}/g, " ")).toMatch(
      /\(max_tokens 32000, set by openclaw's default of at most 32,000 \(the model has no params\.maxTokens\)\)/,
    );
    const commands = runHinted(cut.stderr, cliEnv);
    expect(commands).toEqual([
      "openclaw config set 'models.providers.kimi-code.models[0].maxTokens' 64000",
      `openclaw config set 'agents.defaults.models["kimi-code/kimi-for-coding"].params.maxTokens' 64000`,
    ]);

    const next = await runCli(
      ["agent", "-m", "long story", "--model", "kimi-code/kimi-for-coding"],
      {
        env: cliEnv,
      },
    );
    expect(next.code, next.stderr).toBe(0);
    expect(sentMaxTokens(sim, 1)).toBe(64000);
  });
});
