import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** The project modules (`dist/<dir>/<file>`) a CLI run loads, seen through a resolve hook. */
function modulesLoadedBy(args: string[]): string[] {
  const dir = tempDir();
  writeFileSync(
    join(dir, "hooks.mjs"),
    `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  process.stderr.write("LOADED " + result.url + "\\n");
  return result;
}\n`,
  );
  writeFileSync(
    join(dir, "register.mjs"),
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
  );
  const run = spawnSync(process.execPath, ["--import", join(dir, "register.mjs"), CLI, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: dir, OPENCLAW_STATE_DIR: dir, NO_COLOR: "1" },
  });
  expect(run.status).toBe(0);
  return run.stderr
    .split("\n")
    .map((line) => /^LOADED .*\/dist\/(.+)$/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined);
}

describe("CLI start-up", () => {
  it("--version loads no config, catalog or auth code", () => {
    const loaded = modulesLoadedBy(["--version"]);
    expect(loaded).toContain("cli/main.js");
    expect(loaded.filter((path) => /^(config|catalog|auth)\//.test(path))).toEqual([]);
  });

  it("a config command still loads them when it runs", () => {
    const loaded = modulesLoadedBy(["config", "file"]);
    expect(loaded).toContain("config/load.js");
  });

  it("usage loads the ledger reader, not the gateway server, runtime or providers", () => {
    const loaded = modulesLoadedBy(["usage"]);
    expect(loaded).toContain("gateway/usage-report.js");
    expect(
      loaded.filter((path) =>
        /^(runtime\/(index|runtime)|providers\/index|gateway\/(index|server|start))\.js$/.test(
          path,
        ),
      ),
    ).toEqual([]);
  });

  it.runIf(process.platform === "linux")(
    "under an open-files limit too low to read its own modules, says so and how to raise it, not a stack trace",
    () => {
      const dir = tempDir();
      // 22: Node reads bin/openclaw.js, then runs out while reading the CLI's modules (concurrently).
      const run = spawnSync(
        "/bin/sh",
        ["-c", `ulimit -n 22 && exec "$0" "$@"`, process.execPath, CLI, "--version"],
        {
          encoding: "utf8",
          env: { PATH: process.env.PATH ?? "", HOME: dir, OPENCLAW_STATE_DIR: dir, NO_COLOR: "1" },
        },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        "error: openclaw could not read its own files: this process reached its open-files limit (ulimit -n shows it)\n" +
          "hint: raise it: ulimit -n 1024 in the shell, LimitNOFILE=1024 under systemd, --ulimit nofile=1024 for docker\n",
      );
      expect(run.stdout).toBe("");
    },
  );
});
