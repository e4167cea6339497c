/**
 * The guide's startGateway example, run as a reader copies it: compiled as TypeScript, against
 * the built package (symlinked into a project's node_modules), with only its state dir pointed at
 * a temporary one. Ctrl-C (SIGINT) must end it through the example's own close(), the program
 * exiting normally; before, the example never closed the gateway, so the program ran until a
 * signal killed it mid-request, without draining or writing the ledger's queued rows.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterEach, expect, it } from "vitest";
import { tempDir } from "./helpers/tmp.js";

const ROOT = join(import.meta.dirname, "..");
const GUIDE_STATE_DIR = "/var/lib/my-app/openclaw";

/** The example's process, killed after the test whatever happened (a time-out included). */
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
});

/** The guide's TypeScript block that starts a gateway from a config object. */
function guideGatewayExample(): string {
  const guide = readFileSync(join(ROOT, "docs/guide.md"), "utf8");
  const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
  const example = blocks.find(
    (block) => block.includes("await startGateway({") && block.includes(GUIDE_STATE_DIR),
  );
  if (example === undefined) throw new Error("the guide's startGateway example is gone");
  return example;
}

/** The first line of `program`'s stdout that holds `text`. */
function lineWith(program: ChildProcess, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    program.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split("\n").find((candidate) => candidate.includes(text));
      if (line !== undefined) resolve(line);
    });
    program.once("exit", (code, signal) =>
      reject(new Error(`exited (${code ?? signal}) before printing "${text}": ${seen}`)),
    );
  });
}

it("the guide's startGateway example ends on Ctrl-C by closing the gateway", async () => {
  const app = tempDir();
  mkdirSync(join(app, "node_modules"));
  symlinkSync(ROOT, join(app, "node_modules/openclaw-kimi"));
  writeFileSync(join(app, "package.json"), JSON.stringify({ type: "module" }));
  const example = guideGatewayExample();
  expect(example).toContain("gateway.close()");
  const source = example.replace(GUIDE_STATE_DIR, join(app, "state"));
  const compiled = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  writeFileSync(join(app, "app.js"), compiled.outputText);

  const running = spawn(process.execPath, [join(app, "app.js")], {
    cwd: app,
    env: {
      PATH: process.env.PATH ?? "",
      MY_APP_MOONSHOT_KEY: "sk-fake-abc-01",
      MY_GATEWAY_TOKEN: "gw-fake-token-01",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = running;
  let stderr = "";
  running.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    running.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const line = await lineWith(running, "gateway for your clients at http://");
  const url = line.slice(line.indexOf("http://")).trim();
  const models = await fetch(`${url}/v1/models`, {
    headers: { authorization: "Bearer gw-fake-token-01" },
  });
  expect(models.status).toBe(200);
  running.kill("SIGINT");
  expect(await exited).toEqual({ code: 0, signal: null });
  expect(stderr).toBe("");
}, 60_000);
