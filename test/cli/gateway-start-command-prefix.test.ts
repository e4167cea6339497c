/**
 * Every command `openclaw gateway`'s start says to run (print the token, the try-it lines' token,
 * onboarding) has the words in front that make it act, typed in a plain shell, on the files the
 * gateway uses. With OPENCLAW_STATE_DIR alone the token's commands said
 * `OPENCLAW_CONFIG_PATH=<dir>/openclaw.json` and onboarding `OPENCLAW_STATE_DIR=<dir>`: both
 * right, read as two rules. Now the state dir's word, as the person set it, is before all of them;
 * a config file of its own (OPENCLAW_CONFIG_PATH) is named by its variable, and onboarding, which
 * stores keys in the state dir, also names the state dir when that differs. The built CLI
 * (`npm run build` first), its own process, no key, output not a terminal.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { shellCliPrefix } from "../../src/gateway/reveal-token.js";
import { killGatewayProcesses, startGatewayReported } from "../helpers/gateway-process.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { tempDir } from "../helpers/tmp.js";

afterEach(() => killGatewayProcesses());

/** The three commands of a first start without a key, each as one line (a ` \` joined). */
interface StartCommands {
  reveal: string;
  tryIt: string;
  onboard: string;
  stderr: string;
}

async function startCommands(env: Record<string, string>): Promise<StartCommands> {
  const gateway = await startGatewayReported(
    { PATH: process.env.PATH, NO_COLOR: "1", COLUMNS: "1000", ...env },
    15_000,
  );
  const stdout = gateway.stdout();
  const stderr = gateway.stderr();
  const reveal = /hint: print it with:\s*\n\s*(.*openclaw config get gateway\.auth\.token --reveal)/
    .exec(stdout)?.[1]
    ?.trim();
  const tryIt = /TOKEN=\$\((.*?)\)/s
    .exec(stderr)?.[1]
    ?.replace(/ \\\n\s*/g, " ")
    .trim();
  const onboard = /\n\s*(\S.*openclaw onboard --auth-choice moonshot-api-key)\n/
    .exec(stderr)?.[1]
    ?.trim();
  return { reveal: reveal ?? "", tryIt: tryIt ?? "", onboard: onboard ?? "", stderr };
}

const REVEAL = "openclaw config get gateway.auth.token --reveal";
const ONBOARD = "openclaw onboard --auth-choice moonshot-api-key";

describe("the commands openclaw gateway's start says to run", () => {
  it("with OPENCLAW_STATE_DIR alone: that word before every one, which pasted in a plain shell prints this gateway's token", async () => {
    const home = tempDir("openclaw-prefix-home-");
    const dir = tempDir("openclaw-prefix-state-");
    const said = await startCommands({ HOME: home, OPENCLAW_STATE_DIR: dir });
    expect(said.reveal).toBe(`OPENCLAW_STATE_DIR=${dir} ${REVEAL}`);
    expect(said.tryIt).toBe(`OPENCLAW_STATE_DIR=${dir} ${REVEAL}`);
    expect(said.onboard).toBe(`OPENCLAW_STATE_DIR=${dir} ${ONBOARD}`);
    expect(said.stderr).not.toContain("OPENCLAW_CONFIG_PATH=");
    // As a person pastes it: a plain shell, its own HOME, none of the gateway's variables.
    const { stdout } = await runInPlainShell(said.reveal, home);
    const saved = /"(ocg_[^"]+)"/.exec(readFileSync(join(dir, "openclaw.json"), "utf8"))?.[1];
    expect(saved).toMatch(/^ocg_/);
    expect(stdout.trim()).toBe(saved);
  });

  it("with OPENCLAW_CONFIG_PATH alone: that file before every one (the state dir is a plain shell's)", async () => {
    const home = tempDir("openclaw-prefix-home-");
    const file = join(tempDir("openclaw-prefix-config-"), "gateway.json");
    writeFileSync(file, "{}\n", { mode: 0o600 });
    const said = await startCommands({ HOME: home, OPENCLAW_CONFIG_PATH: file });
    expect(said.reveal).toBe(`OPENCLAW_CONFIG_PATH=${file} ${REVEAL}`);
    expect(said.tryIt).toBe(`OPENCLAW_CONFIG_PATH=${file} ${REVEAL}`);
    expect(said.onboard).toBe(`OPENCLAW_CONFIG_PATH=${file} ${ONBOARD}`);
    expect(said.stderr).not.toContain("OPENCLAW_STATE_DIR=");
  });

  it("with both, the file elsewhere: the file for the token's, the state dir too for onboarding's keys", async () => {
    const home = tempDir("openclaw-prefix-home-");
    const dir = tempDir("openclaw-prefix-state-");
    const file = join(tempDir("openclaw-prefix-config-"), "gateway.json");
    writeFileSync(file, "{}\n", { mode: 0o600 });
    const said = await startCommands({
      HOME: home,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_CONFIG_PATH: file,
    });
    expect(said.reveal).toBe(`OPENCLAW_CONFIG_PATH=${file} ${REVEAL}`);
    expect(said.tryIt).toBe(`OPENCLAW_CONFIG_PATH=${file} ${REVEAL}`);
    expect(said.onboard).toBe(`OPENCLAW_STATE_DIR=${dir} OPENCLAW_CONFIG_PATH=${file} ${ONBOARD}`);
  });

  it("with both, the file the state dir's own: the state dir's word alone before every one", async () => {
    const home = tempDir("openclaw-prefix-home-");
    const dir = tempDir("openclaw-prefix-state-");
    const said = await startCommands({
      HOME: home,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_CONFIG_PATH: join(dir, "openclaw.json"),
    });
    expect(said.reveal).toBe(`OPENCLAW_STATE_DIR=${dir} ${REVEAL}`);
    expect(said.tryIt).toBe(`OPENCLAW_STATE_DIR=${dir} ${REVEAL}`);
    expect(said.onboard).toBe(`OPENCLAW_STATE_DIR=${dir} ${ONBOARD}`);
  });

  it("the no-default line is a warning, labelled as the start's other warnings are", async () => {
    const said = await startCommands({
      HOME: tempDir("openclaw-prefix-home-"),
      OPENCLAW_STATE_DIR: tempDir("openclaw-prefix-state-"),
    });
    expect(said.stderr).toContain(
      '\nwarning: no default model is set (agents.defaults.model.primary): requests must name a model; "openclaw" will not resolve\n',
    );
  });
});

describe("the prefix rule (shellCliPrefix)", () => {
  it("repeats the state dir the gateway was given for config-only commands too", () => {
    expect(shellCliPrefix("/srv/gw/openclaw.json", { OPENCLAW_STATE_DIR: "/srv/gw" })).toEqual({
      config: "OPENCLAW_STATE_DIR=/srv/gw ",
      keys: "OPENCLAW_STATE_DIR=/srv/gw ",
    });
  });

  it("names a config file of its own by its variable, with the state dir for keys when that differs", () => {
    expect(shellCliPrefix("/etc/gw.json", { OPENCLAW_CONFIG_PATH: "/etc/gw.json" }).config).toBe(
      "OPENCLAW_CONFIG_PATH=/etc/gw.json ",
    );
    expect(
      shellCliPrefix("/etc/gw.json", {
        OPENCLAW_STATE_DIR: "/srv/gw",
        OPENCLAW_CONFIG_PATH: "/etc/gw.json",
      }),
    ).toEqual({
      config: "OPENCLAW_CONFIG_PATH=/etc/gw.json ",
      keys: "OPENCLAW_STATE_DIR=/srv/gw OPENCLAW_CONFIG_PATH=/etc/gw.json ",
    });
  });
});
