/**
 * A config directory the gateway cannot watch (the system's limit of inotify watches reached,
 * ENOSPC, as on a machine whose editors and dev servers hold them all) is said in the log, once,
 * with what to do: hot reload does not work there, and before, nothing said so.
 */
import type { PathLike } from "node:fs";
import { afterAll, expect, it, vi } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  // The gateway's temp state dir (and what exists in it) cannot be watched; all else can.
  const watch = ((path: PathLike, ...rest: unknown[]) => {
    if (String(path).includes("openclaw-gw-") && fs.existsSync(path)) {
      throw Object.assign(
        new Error(`ENOSPC: System limit for number of file watchers reached, watch '${path}'`),
        { code: "ENOSPC", errno: -28, syscall: "watch" },
      );
    }
    return (fs.watch as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.watch;
  return { ...fs, default: { ...fs, watch }, watch };
});

let env: GatewayEnv | undefined;
afterAll(async () => {
  await env?.close();
});

it("says which config directory cannot be watched, and why, once", async () => {
  const lines: string[] = [];
  env = await startGatewayEnv({ start: { watch: true, log: (line) => lines.push(line) } });
  const said = lines.filter((line) => line.includes(`cannot watch ${env?.stateDir} `));
  expect(said).toEqual([
    `gateway: cannot watch ${env.stateDir} for changes (ENOSPC: the system's limit of file watches (inotify) is reached; raise it (sysctl fs.inotify.max_user_watches) or stop other watching programs): edits of files there are not reloaded until it can be (tried again at the next change seen); restart the gateway to apply them`,
  ]);
});
