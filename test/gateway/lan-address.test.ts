/**
 * `openclaw gateway --bind lan` binds 0.0.0.0, which no other machine can call: it reports this
 * machine's LAN addresses as where to call it, and says what it binds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { type NetworkInterfaceInfo, networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { reachableUrls } from "../../src/gateway/reachable-urls.js";
import { killGatewayProcesses, spawnGateway } from "../helpers/gateway-process.js";
import { eventually } from "./harness.js";

const dirs: string[] = [];
afterEach(() => killGatewayProcesses());
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function cliEnv(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-gw-lan-"));
  dirs.push(dir);
  return { PATH: process.env.PATH, OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, NO_COLOR: "1" };
}

const entry = (address: string, family: "IPv4" | "IPv6", internal = false): NetworkInterfaceInfo =>
  family === "IPv4"
    ? { address, family, internal, netmask: "", mac: "00:00:00:00:00:00", cidr: null }
    : { address, family, internal, netmask: "", mac: "00:00:00:00:00:00", cidr: null, scopeid: 0 };

const machine = {
  lo: [entry("127.0.0.1", "IPv4", true), entry("::1", "IPv6", true)],
  eth0: [entry("fd00::2", "IPv6"), entry("fe80::1", "IPv6"), entry("192.168.1.20", "IPv4")],
  wlan0: [entry("10.0.0.7", "IPv4")],
};

/** This machine's non-internal IPv4 addresses, where a --bind lan gateway should say it is. */
const lanAddresses = Object.values(networkInterfaces())
  .flatMap((entries) => entries ?? [])
  .filter((info) => info.family === "IPv4" && !info.internal)
  .map((info) => info.address);

describe("where a gateway can be called", () => {
  it("bound to one address, is that address", () => {
    expect(reachableUrls("127.0.0.1", 18838, machine)).toEqual(["http://127.0.0.1:18838"]);
    expect(reachableUrls("::1", 18838, machine)).toEqual(["http://[::1]:18838"]);
  });

  it("bound to 0.0.0.0, is each LAN IPv4 address, then loopback; never 0.0.0.0", () => {
    expect(reachableUrls("0.0.0.0", 18838, machine)).toEqual([
      "http://192.168.1.20:18838",
      "http://10.0.0.7:18838",
      "http://127.0.0.1:18838",
    ]);
  });

  it("bound to ::, adds the LAN IPv6 addresses after the IPv4 ones (not link-local)", () => {
    expect(reachableUrls("::", 18838, machine)).toEqual([
      "http://192.168.1.20:18838",
      "http://10.0.0.7:18838",
      "http://[fd00::2]:18838",
      "http://127.0.0.1:18838",
    ]);
  });

  it("on a machine with loopback only, is loopback", () => {
    expect(reachableUrls("0.0.0.0", 18838, { lo: machine.lo })).toEqual(["http://127.0.0.1:18838"]);
  });
});

describe("openclaw gateway --bind lan", () => {
  it("--json: url is a LAN address of this machine, bind says 0.0.0.0, urls lists them all", async () => {
    const cli = spawnGateway(cliEnv(), ["--bind", "lan", "--json"]);
    type Event = { event: string; [field: string]: unknown };
    const listening = () =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Event)
        .find((event) => event.event === "listening");
    await eventually(() => listening() !== undefined, 15_000, "listening");
    const event = listening() as Event;
    const port = event.port as number;
    const expected = [...lanAddresses, "127.0.0.1"].map((address) => `http://${address}:${port}`);
    expect(event.bind).toBe("0.0.0.0");
    expect(event.url).toBe(expected[0]);
    expect(event.host).toBe(new URL(expected[0] as string).hostname);
    expect(event.urls).toEqual(expected);
    expect(String(event.url)).not.toContain("0.0.0.0");
    expect((await fetch(`${String(event.url)}/healthz`)).status).toBe(200);
  });

  it("text: 'listening on' names a LAN address and the next line says 0.0.0.0 is what it binds", async () => {
    const cli = spawnGateway(cliEnv(), ["--bind", "lan"]);
    await eventually(() => /listening on http/.test(cli.stdout()), 15_000, "listening");
    await eventually(() => /bound to/.test(cli.stdout()), 5_000, "the bind line");
    const url = /listening on (http:\/\/\S+)/.exec(cli.stdout())?.[1] ?? "";
    expect(url).not.toContain("0.0.0.0");
    const port = new URL(url).port;
    if (lanAddresses.length > 0) {
      expect(url).toBe(`http://${lanAddresses[0]}:${port}`);
      expect(cli.stdout()).toContain(
        `bound to 0.0.0.0 (every interface): other machines call it at http://${lanAddresses[0]}:${port}`,
      );
      expect(cli.stdout()).toContain(`this one also at http://127.0.0.1:${port}`);
    } else {
      expect(cli.stdout()).toContain("has no network address besides loopback");
    }
  });
});
