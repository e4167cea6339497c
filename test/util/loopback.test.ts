import { describe, expect, it } from "vitest";
import { isLocalNetworkHost, isLoopbackHost } from "../../src/util/loopback.js";

describe("isLocalNetworkHost", () => {
  it("takes this machine, private and link-local addresses, mDNS and single-label names", () => {
    for (const host of [
      "localhost",
      "127.0.0.1",
      "[::1]",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.20",
      "169.254.10.1",
      "[fd00::1]",
      "[fe80::1]",
      "gpu-box.local",
      "ollama",
    ])
      expect([host, isLocalNetworkHost(host)]).toEqual([host, true]);
  });

  it("refuses public addresses and names, and neighbours of the private ranges", () => {
    for (const host of [
      "api.moonshot.ai",
      "api.moonshot.cn",
      "8.8.8.8",
      "172.15.0.1",
      "172.32.0.1",
      "192.169.0.1",
      "11.0.0.1",
      "[2001:db8::1]",
      "local.example.com",
      "",
    ])
      expect([host, isLocalNetworkHost(host)]).toEqual([host, false]);
  });

  it("keeps loopback narrower than local", () => {
    expect(isLoopbackHost("192.168.1.20")).toBe(false);
    expect(isLoopbackHost("127.0.0.2")).toBe(true);
  });

  it("reads an IPv4-mapped IPv6 address as the IPv4 one, also in the hex form a URL parser writes", () => {
    // new URL("http://[::ffff:127.0.0.1]:8080/v1").hostname is "[::ffff:7f00:1]"
    const parsed = new URL("http://[::ffff:127.0.0.1]:8080/v1").hostname;
    expect(parsed).toBe("[::ffff:7f00:1]");
    expect(isLoopbackHost(parsed)).toBe(true);
    expect(isLoopbackHost("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopbackHost("[::FFFF:7F00:1]")).toBe(true);
    expect(isLocalNetworkHost(new URL("http://[::ffff:192.168.1.20]/").hostname)).toBe(true);
    expect(isLoopbackHost(new URL("http://[::ffff:192.168.1.20]/").hostname)).toBe(false);
    expect(isLocalNetworkHost(new URL("http://[::ffff:8.8.8.8]/").hostname)).toBe(false);
  });
});
