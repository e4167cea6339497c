/**
 * A config whose path changes under a running gateway without the file itself being written: a
 * deploy's `current` link swapped to a new release (the old one kept), a Kubernetes-style `..data`
 * link swapped with the old directory left in place, and the config's directory renamed away and
 * replaced by another. Each is a reload, and edits after it are read from the new place. The
 * gateway runs in this process with its real watcher, the simulator upstream.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { gatewayEnv } from "../helpers/gateway-process.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { eventually, GATEWAY_TOKEN, simConfig } from "./harness.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(): Promise<Simulator> {
  const sim = await startSimulator({ serveRetiredModels: true });
  cleanups.push(() => sim.close());
  return sim;
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The simulator's config with kimi-k2.5's alias `alias` (instead of "Kimi K2.5"). */
function aliased(sim: Simulator, alias: string): string {
  return JSON.stringify(simConfig(sim), (_key, value: unknown) =>
    value === "Kimi K2.5" ? alias : value,
  );
}

/** A gateway that reads `configPath` and watches it, with the lines it logs. */
async function gatewayOn(sim: Simulator, configPath: string) {
  const lines: string[] = [];
  const gateway: RunningGateway = await startGateway({
    env: {
      ...gatewayEnv(tempDir("openclaw-swap-state-"), sim.keys),
      OPENCLAW_CONFIG_PATH: configPath,
    },
    port: 0,
    transports: await defaultTransports(),
    log: (line) => lines.push(line),
  });
  cleanups.push(async () => {
    await gateway.close(2000);
  });
  return { gateway, lines };
}

/** The aliases GET /v1/models lists for kimi-k2.5. */
async function aliasesOf(gateway: RunningGateway): Promise<string[]> {
  const res = await fetch(`${gateway.url}/v1/models`, {
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
  });
  const body = (await res.json()) as { data: { id: string; aliases?: string[] }[] };
  return body.data.find((model) => model.id === "moonshot/kimi-k2.5")?.aliases ?? [];
}

/** Waits until kimi-k2.5 is listed under `alias`. */
async function servesAlias(gateway: RunningGateway, alias: string): Promise<void> {
  await eventually(async () => (await aliasesOf(gateway)).includes(alias), 5000, `alias ${alias}`);
}

/** Points the link `path` at `target` the atomic way: a new link renamed over the old one. */
function swapLink(path: string, target: string): void {
  symlinkSync(target, `${path}.tmp`);
  renameSync(`${path}.tmp`, path);
}

describe("a config path through a link swapped to another directory, the old one kept", () => {
  it("reloads on a deploy's `current` link moving to a new release, then follows its edits", async () => {
    const sim = await simulator();
    const app = tempDir("openclaw-releases-");
    for (const [release, alias] of [
      ["r1", "R1"],
      ["r2", "R2"],
    ] as const) {
      mkdirSync(join(app, "releases", release), { recursive: true });
      writeFileSync(join(app, "releases", release, "openclaw.json"), aliased(sim, alias));
    }
    symlinkSync(join("releases", "r1"), join(app, "current"));
    const configPath = join(app, "current", "openclaw.json");
    const { gateway, lines } = await gatewayOn(sim, configPath);
    expect(await aliasesOf(gateway)).toEqual(["R1"]);

    swapLink(join(app, "current"), join("releases", "r2"));
    await servesAlias(gateway, "R2");
    expect(lines).toContain(`gateway: config reloaded from ${configPath} (${configPath} changed)`);

    // An edit of the release now current applies; one of the release left behind does not.
    writeFileSync(join(app, "releases", "r2", "openclaw.json"), aliased(sim, "R2b"));
    await servesAlias(gateway, "R2b");
    const before = lines.length;
    writeFileSync(join(app, "releases", "r1", "openclaw.json"), aliased(sim, "R1b"));
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    expect(await aliasesOf(gateway)).toEqual(["R2b"]);
    expect(lines.slice(before).join("\n")).not.toContain("config reloaded");
  });

  it("reloads on a `..data` link swapped to a new directory when the old one is not removed", async () => {
    const sim = await simulator();
    const mount = tempDir("openclaw-mount-");
    mkdirSync(join(mount, "..v1"));
    writeFileSync(join(mount, "..v1", "openclaw.json"), aliased(sim, "V1"));
    symlinkSync("..v1", join(mount, "..data"));
    symlinkSync(join("..data", "openclaw.json"), join(mount, "openclaw.json"));
    const { gateway } = await gatewayOn(sim, join(mount, "openclaw.json"));
    expect(await aliasesOf(gateway)).toEqual(["V1"]);

    mkdirSync(join(mount, "..v2"));
    writeFileSync(join(mount, "..v2", "openclaw.json"), aliased(sim, "V2"));
    swapLink(join(mount, "..data"), "..v2");
    await servesAlias(gateway, "V2");

    mkdirSync(join(mount, "..v3"));
    writeFileSync(join(mount, "..v3", "openclaw.json"), aliased(sim, "V3"));
    swapLink(join(mount, "..data"), "..v3");
    await servesAlias(gateway, "V3");
  });
});

describe("the config's directory renamed away and replaced by another one", () => {
  it("reloads from the new directory, and its included file's edits apply after", async () => {
    const sim = await simulator();
    const parent = tempDir("openclaw-dir-swap-");
    const dir = join(parent, "config");
    mkdirSync(dir);
    const configPath = join(dir, "openclaw.json");
    const { agents: _agents, ...rest } = simConfig(sim);
    const included = (alias: string) =>
      JSON.stringify({ agents: JSON.parse(aliased(sim, alias)).agents });
    writeFileSync(configPath, JSON.stringify({ $include: "./agents.json", ...rest }));
    writeFileSync(join(dir, "agents.json"), included("D1"));
    const { gateway, lines } = await gatewayOn(sim, configPath);
    expect(await aliasesOf(gateway)).toEqual(["D1"]);

    // A restore: a copy made beside it, the old one moved away, the copy moved in.
    cpSync(dir, join(parent, "config.new"), { recursive: true });
    writeFileSync(join(parent, "config.new", "agents.json"), included("D2"));
    renameSync(dir, join(parent, "config.old"));
    renameSync(join(parent, "config.new"), dir);
    await servesAlias(gateway, "D2");
    expect(lines.at(-1)).toContain(`gateway: config reloaded from ${configPath} (`);

    writeFileSync(join(dir, "agents.json"), included("D3"));
    await servesAlias(gateway, "D3");
    expect(lines.at(-1)).toBe(
      `gateway: config reloaded from ${configPath} (${join(dir, "agents.json")} (included) changed)`,
    );
  });
});
