/**
 * What `npm pack` puts in the package (and so what a user installs), and what the `openclaw`
 * launcher says when the compiled code is missing, as in a clone nobody built.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers/tmp.js";

const ROOT = join(import.meta.dirname, "..");

describe("the package", () => {
  it("ships the compiled code, docs and licence; no source maps to missing files, no dev tools", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map(
      (file) => file.path,
    );
    expect(files).toEqual(
      expect.arrayContaining([
        "LICENSE",
        "README.md",
        "bin/openclaw.js",
        "dist/index.js",
        "dist/index.d.ts",
        "dist/cli/main.js",
        "docs/guide.md",
      ]),
    );
    expect(files.filter((file) => file.endsWith(".map"))).toEqual([]);
    // …and no shipped file points at a map: debuggers and bundlers would report it missing.
    const pointing = files.filter(
      (file) =>
        /\.(c|m)?js$/.test(file) &&
        readFileSync(join(ROOT, file), "utf8").includes("//# sourceMappingURL="),
    );
    expect(pointing).toEqual([]);
    expect(files.filter((file) => file.startsWith("dist/tools/"))).toEqual([]);
    expect(files.filter((file) => /^(src|test|bench|\.bench-build)\//.test(file))).toEqual([]);
    // A package built from a clean checkout (or installed from git) compiles itself first, into
    // an emptied dist/ so that modules whose sources are gone are not shipped.
    const prepack = (
      JSON.parse(
        execFileSync("npm", ["pkg", "get", "scripts"], { cwd: ROOT, encoding: "utf8" }),
      ) as Record<string, string>
    ).prepack;
    expect(prepack).toMatch(/rmSync\('dist'.*&& npm run build$/);
  });

  // The guide promises both: a top-level await anywhere in the library's modules would make
  // require() fail with ERR_REQUIRE_ASYNC_MODULE.
  it("loads from a CommonJS program with import(), and with require() on a Node that can require ES modules", () => {
    const script = `
      const required = process.features.require_module ? typeof require("openclaw-kimi").openRuntime : "no require(esm)";
      import("openclaw-kimi").then((kimi) => console.log(JSON.stringify([typeof kimi.openRuntime, required])));`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const supportsRequire = (process.features as { require_module?: boolean }).require_module;
    expect(JSON.parse(run.stdout)).toEqual([
      "function",
      supportsRequire ? "function" : "no require(esm)",
    ]);
  });

  // Tools that read an installed package's metadata (bundlers, licence checkers, a program's
  // version report) require it by name; before, `exports` refused it with
  // ERR_PACKAGE_PATH_NOT_EXPORTED.
  it("lets a program read its package.json by name, and no other file than the entry point", () => {
    const script = `
      const tryResolve = (name) => { try { return require.resolve(name); } catch (error) { return error.code; } };
      console.log(JSON.stringify([tryResolve("openclaw-kimi/package.json"), require("openclaw-kimi/package.json").name,
        tryResolve("openclaw-kimi/dist/index.js")]));`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([
      join(ROOT, "package.json"),
      "openclaw-kimi",
      "ERR_PACKAGE_PATH_NOT_EXPORTED",
    ]);
  });

  // What the guide says of TypeScript programs, checked as a user's project would be: the shipped
  // declarations included (skipLibCheck off), from an ES module under the resolutions a project
  // picks, and from a CommonJS file, whose import TypeScript compiles to require() (TypeScript 5.8
  // or newer with nodenext; node16 refuses it and points at import()). Its node_modules holds what
  // `npm install openclaw-kimi` gives, the packages the lock file does not mark dev, and the
  // @types/node the guide asks for (with its undici-types): a type the declarations import from a
  // dev dependency (better-sqlite3's, which the ledger's functions named) fails there as it fails
  // for the user.
  it("type-checks in a strict TypeScript project, with nodenext (from CommonJS too) and bundler resolution", () => {
    const app = tempDir();
    const installed = join(app, "node_modules");
    mkdirSync(join(installed, "openclaw-kimi"), { recursive: true });
    for (const shipped of ["dist", "package.json"])
      symlinkSync(join(ROOT, shipped), join(installed, "openclaw-kimi", shipped));
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dev?: boolean; dependencies?: Record<string, string> }>;
    };
    const typesNode = [
      "@types/node",
      ...Object.keys(lock.packages["node_modules/@types/node"]?.dependencies ?? {}),
    ];
    const given = Object.entries(lock.packages)
      .map(([path, entry]) => [path.replace(/^node_modules\//, ""), entry] as const)
      // Top-level folders only: one nested in another comes with its folder's link.
      .filter(
        ([name, entry]) => name !== "" && !name.includes("node_modules/") && entry.dev !== true,
      )
      .map(([name]) => name);
    for (const name of new Set([...given, ...typesNode])) {
      mkdirSync(join(installed, name, ".."), { recursive: true });
      symlinkSync(join(ROOT, "node_modules", name), join(installed, name));
    }
    writeFileSync(join(app, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      join(app, "esm.ts"),
      `import { type OpenClawErrorJson, isOpenClawError, openRuntime } from "openclaw-kimi";
      const { runtime } = openRuntime({ env: { OPENCLAW_STATE_DIR: "/nonexistent" } });
      try {
        await runtime.complete({ request: { messages: [{ role: "user", content: "hi" }] } });
      } catch (error) {
        const json: OpenClawErrorJson | undefined = isOpenClawError(error) ? error.toJSON() : undefined;
        void json;
      }\n`,
    );
    writeFileSync(
      join(app, "commonjs.cts"),
      `import { openRuntime } from "openclaw-kimi";\nexport const opened = typeof openRuntime;\n`,
    );
    // "0 " is a clean compilation; anything else shows tsc's exit code and the errors it printed.
    const check = (module: string, resolution: string, files: string[]) => {
      const run = spawnSync(
        process.execPath,
        [
          join(ROOT, "node_modules/typescript/bin/tsc"),
          ...["--strict", "--noEmit", "--skipLibCheck", "false", "--target", "es2022"],
          // Paths as installed: the package's own folder, not the repository it links to.
          "--preserveSymlinks",
          ...["--module", module, "--moduleResolution", resolution, "--types", "node", ...files],
        ],
        { cwd: app, encoding: "utf8" },
      );
      return `${run.status} ${run.stdout}${run.stderr}`;
    };
    // Two compilations (node16 resolves as nodenext does here): each reads @types/node, seconds.
    expect(check("nodenext", "nodenext", ["esm.ts", "commonjs.cts"])).toBe("0 ");
    expect(check("esnext", "bundler", ["esm.ts"])).toBe("0 ");
  }, 180_000);

  it("the launcher of an unbuilt copy says what to run instead of printing a stack trace", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "bin"));
    copyFileSync(join(ROOT, "bin/openclaw.js"), join(dir, "bin/openclaw.js"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    const run = spawnSync(process.execPath, [join(dir, "bin/openclaw.js"), "--version"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("error: openclaw is not built:");
    expect(run.stderr).toContain("hint: run `npm run build` in");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
