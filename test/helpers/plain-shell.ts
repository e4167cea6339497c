/**
 * A command line run as a person pastes it into a shell: /bin/sh with an `openclaw` command first
 * on PATH that runs the built CLI (`npm run build` first), and none of the test's other variables.
 */
import { execFile } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { CLI } from "./cli.js";
import { tempDir } from "./tmp.js";

const run = promisify(execFile);

/** A directory with an `openclaw` command that runs the built CLI, to put first on PATH. */
function openclawOnPath(): string {
  const bin = tempDir("openclaw-bin-");
  const shim = join(bin, "openclaw");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(shim, 0o755);
  return bin;
}

/** Runs `script` in a plain shell whose HOME is `home`; rejects when it exits other than 0. */
export function runInPlainShell(
  script: string,
  home: string,
): Promise<{ stdout: string; stderr: string }> {
  return run("/bin/sh", ["-c", script], {
    env: { PATH: `${openclawOnPath()}:${process.env.PATH ?? ""}`, HOME: home },
  });
}
