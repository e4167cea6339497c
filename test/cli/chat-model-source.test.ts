/**
 * A bare `/model` in chat says why the chat is on its model, as the banner does: given with
 * --model, remembered by a resumed session, the default, or set by a /model typed since. The
 * built CLI (`npm run build` first) piped, against the simulator over real sockets.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type SimEnv, startSimEnv } from "../runtime/sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** The lines a bare /model printed (stdout of a piped chat holds only what commands print). */
function modelLines(stdout: string): string[] {
  return stdout.split("\n").filter((line) => line.startsWith("model: "));
}

// Before, a bare /model printed only "model: <ref>": a resumed session's remembered model and
// the default looked alike, though the banner told them apart. A /model <ref> still printed only
// "model: <ref>", without saying the session keeps it.
describe("/model, bare or switching, says why the chat is on its model", () => {
  it("from --model, then set by /model, then the default again", async () => {
    env = await startSimEnv();
    const result = await runCli(["chat", "--model", "Kimi K2 Turbo"], {
      env: env.cliEnv,
      input: "/model\n/model moonshot/kimi-k2.5\n/model\n/model openclaw/default\n/model\n",
    });
    expect(result.stderr).not.toContain("error:");
    expect(result.code).toBe(0);
    expect(modelLines(result.stdout)).toEqual([
      "model: moonshot/kimi-k2-turbo-preview (from --model)",
      "model: moonshot/kimi-k2.5 (set by /model, remembered by the session)",
      "model: moonshot/kimi-k2.5 (set by /model, remembered by the session)",
      "model: moonshot/kimi-k2.5 (default)",
      "model: moonshot/kimi-k2.5 (default)",
    ]);
  });

  it("remembered by the session it resumes", async () => {
    env = await startSimEnv();
    const first = await runCli(
      ["agent", "--session-id", "s1", "--model", "Kimi K2 Turbo", "-m", "hi"],
      { env: env.cliEnv },
    );
    expect(first.code).toBe(0);
    const resumed = await runCli(["chat", "--session-id", "s1"], {
      env: env.cliEnv,
      input: "/model\n",
    });
    expect(resumed.code).toBe(0);
    expect(modelLines(resumed.stdout)).toEqual([
      "model: moonshot/kimi-k2-turbo-preview (remembered by the session)",
    ]);
  });

  it("a switch says it in the same words as a bare /model, with the default's fallbacks", async () => {
    env = await startSimEnv({ fallbacks: ["kimi-code/kimi-for-coding"] });
    const result = await runCli(["chat", "--session-id", "sw"], {
      env: env.cliEnv,
      input: "/model Kimi K2 Turbo\nhi\n/model openclaw/default\n/model\n",
    });
    expect(result.code).toBe(0);
    expect(modelLines(result.stdout)).toEqual([
      "model: moonshot/kimi-k2-turbo-preview (set by /model, remembered by the session)",
      "model: moonshot/kimi-k2.5 (default; fallbacks: kimi-code/kimi-for-coding)",
      "model: moonshot/kimi-k2.5 (default; fallbacks: kimi-code/kimi-for-coding)",
    ]);
    // Remembered indeed: the session resumes on the model it was put on last (the default).
    const resumed = await runCli(["agent", "--session-id", "sw", "-m", "again", "--json"], {
      env: env.cliEnv,
    });
    expect(JSON.parse(resumed.stdout)).toMatchObject({ requestedModelFrom: "default" });
  });

  it("an unknown /model is refused with the closest models, as --model is", async () => {
    env = await startSimEnv();
    const chat = await runCli(["chat"], { env: env.cliEnv, input: "/model kimi-k2-turb\n" });
    const agent = await runCli(["agent", "--model", "kimi-k2-turb", "-m", "hi"], {
      env: env.cliEnv,
    });
    const refusal = (stderr: string) =>
      stderr.split("\n").find((line) => line.startsWith("error:"));
    // The alias first: spelling aside, the typo is one letter from it.
    expect(refusal(chat.stderr)).toContain(
      "(closest: Kimi K2 Turbo, moonshot/kimi-k2-turbo-preview)",
    );
    expect(refusal(chat.stderr)).toBe(refusal(agent.stderr));
  });

  // Before, a slip in a bare model id that no ref equals, or in a model's name, was refused with
  // no close model at all (only "see the models you can use with: openclaw models list").
  it.each([
    ["kimi-for-codng", "(closest: kimi-code/kimi-for-coding)"],
    ["Kimi Fro Coding", "(closest: kimi-code/kimi-for-coding)"],
    // A slip in an alias, as before.
    ["kimi_k2_trubo", "(closest: Kimi K2 Turbo)"],
  ])("a slip in %s gets %s from /model and from --model", async (typed, closest) => {
    env = await startSimEnv();
    const chat = await runCli(["chat"], { env: env.cliEnv, input: `/model ${typed}\n` });
    const agent = await runCli(["agent", "--model", typed, "-m", "hi"], { env: env.cliEnv });
    const refusal = (stderr: string) =>
      stderr.split("\n").find((line) => line.startsWith("error:"));
    expect(agent.code).toBe(2);
    expect(refusal(agent.stderr)).toBe(`error: unknown model or alias "${typed}" ${closest}`);
    expect(refusal(chat.stderr)).toBe(refusal(agent.stderr));
  });

  // A slip in the first words of a provider's longer model id, given as a ref.
  it("a slip in a ref's model id gets the model of that provider from /model and --model", async () => {
    env = await startSimEnv();
    const typed = "moonshot/kimi-k2-trubo";
    const chat = await runCli(["chat"], { env: env.cliEnv, input: `/model ${typed}\n` });
    const agent = await runCli(["agent", "--model", typed, "-m", "hi"], { env: env.cliEnv });
    const refusal = (stderr: string) =>
      stderr.split("\n").find((line) => line.startsWith("error:"));
    expect(agent.code).toBe(2);
    expect(refusal(agent.stderr)).toBe(
      'error: unknown model "kimi-k2-trubo" for provider "moonshot" (closest: moonshot/kimi-k2-turbo-preview)',
    );
    expect(refusal(chat.stderr)).toBe(refusal(agent.stderr));
  });
});
