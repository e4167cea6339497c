/**
 * Help examples make a token with `openssl rand -hex 32`. Where openssl is not installed, a
 * stand-in on the tests' PATH does that one thing (random bytes as hex), so the examples run as
 * written on any machine.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Puts the stand-in in `bin` when no openssl is on PATH (or always, with `force`). */
export function addOpensslStandIn(bin: string, force = false): void {
  if (!force && spawnSync("sh", ["-c", "command -v openssl"]).status === 0) return;
  const script =
    'const n=Number(process.argv.at(-1));process.stdout.write(require("node:crypto").randomBytes(n).toString("hex")+"\\n")';
  writeFileSync(
    join(bin, "openssl"),
    `#!/bin/sh\nexec "${process.execPath}" -e '${script}' -- "$@"\n`,
    {
      mode: 0o755,
    },
  );
}
