/**
 * Which upstream goes through which proxy, read from the usual variables: precedence, logins,
 * NO_PROXY forms, loopback, and the errors a person sees for a variable that is not a proxy URL.
 */
import { describe, expect, it } from "vitest";
import { isOpenClawError } from "../../src/errors.js";
import { describeProxies, proxyFor, proxySettingsFromEnv } from "../../src/providers/index.js";
import { isLoopbackHost } from "../../src/util/loopback.js";

function errorOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isOpenClawError(error)) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("proxy settings from the environment", () => {
  it("takes HTTPS_PROXY for https and HTTP_PROXY for http, lower-case names first", () => {
    const settings = proxySettingsFromEnv({
      HTTPS_PROXY: "http://upper.example:3128",
      https_proxy: "http://lower.example:8080",
      HTTP_PROXY: "proxy.example:3129",
    });
    expect(settings.https).toMatchObject({
      hostname: "lower.example",
      port: 8080,
      source: "https_proxy",
    });
    // Without a scheme the proxy is an HTTP one; without a port, port 80.
    expect(settings.http).toMatchObject({
      hostname: "proxy.example",
      port: 3129,
      source: "HTTP_PROXY",
    });
    expect(proxySettingsFromEnv({ HTTP_PROXY: "http://p.example" }).http?.port).toBe(80);
  });

  it("falls back to ALL_PROXY, and sets nothing when no variable is set or one is blank", () => {
    const all = proxySettingsFromEnv({ ALL_PROXY: "http://all.example:1", HTTPS_PROXY: "  " });
    expect(all.https?.source).toBe("ALL_PROXY");
    expect(all.http?.source).toBe("ALL_PROXY");
    const none = proxySettingsFromEnv({});
    expect(none.https).toBeUndefined();
    expect(none.http).toBeUndefined();
    expect(describeProxies(none)).toBeUndefined();
  });

  it("turns a login in the URL into a Basic header and never shows it", () => {
    const settings = proxySettingsFromEnv({
      HTTPS_PROXY: "http://al%40ice:s3cr%3At@corp.example:3128",
    });
    const proxy = settings.https;
    expect(proxy?.authorization).toBe(`Basic ${Buffer.from("al@ice:s3cr:t").toString("base64")}`);
    expect(proxy?.display).toBe("http://corp.example:3128");
    expect(describeProxies(settings)).not.toContain("s3cr");
    expect(describeProxies(settings)).toContain("http://corp.example:3128 (HTTPS_PROXY)");
  });

  it("refuses a SOCKS or HTTPS proxy and a broken URL, naming the variable and what to write", () => {
    const socks = errorOf(() => proxySettingsFromEnv({ HTTPS_PROXY: "socks5://127.0.0.1:1080" }));
    expect(socks.code).toBe("proxy.invalid");
    expect(socks.message).toBe("HTTPS_PROXY names a socks5 proxy; only HTTP proxies are supported");
    expect(socks.where).toBe("HTTPS_PROXY");
    expect(socks.hint).toContain("http://host:port");
    const broken = errorOf(() => proxySettingsFromEnv({ all_proxy: "http://[oops" }));
    expect(broken.message).toBe("all_proxy is not a valid proxy URL");
    expect(broken.hint).toContain("user:password@");
    const badEscape = errorOf(() =>
      proxySettingsFromEnv({ HTTP_PROXY: "http://bob:50%ZZ@p.example" }),
    );
    expect(badEscape.message).toBe("HTTP_PROXY has a login with a broken %-escape");
    expect(badEscape.message).not.toContain("50%");
  });
});

describe("which upstream goes through the proxy", () => {
  const env = {
    HTTPS_PROXY: "http://corp.example:3128",
    HTTP_PROXY: "http://corp.example:3128",
    NO_PROXY:
      "internal.example, .corp.example, *.lab.example, api.example:8443, 10.0.0.0/8, [fd00::1]",
  };
  const settings = proxySettingsFromEnv(env);
  const via = (host: string, port = 443, secure = true) =>
    proxyFor(settings, secure, host, port)?.display ?? "direct";

  it("sends the Moonshot and Kimi Code APIs through it", () => {
    expect(via("api.moonshot.ai")).toBe("http://corp.example:3128");
    expect(via("api.moonshot.cn")).toBe("http://corp.example:3128");
    expect(via("api.kimi.com")).toBe("http://corp.example:3128");
    expect(via("plain.example", 80, false)).toBe("http://corp.example:3128");
  });

  it("reaches NO_PROXY hosts directly: names, domains, ports and IPv4 ranges", () => {
    expect(via("internal.example")).toBe("direct");
    // A bare domain covers its subdomains; a leading dot or "*." means the same.
    expect(via("git.internal.example")).toBe("direct");
    expect(via("corp.example")).toBe("direct");
    expect(via("build.corp.example")).toBe("direct");
    expect(via("x.lab.example")).toBe("direct");
    expect(via("notinternal.example")).toBe("http://corp.example:3128");
    // A port in the entry limits it to that port.
    expect(via("api.example", 8443)).toBe("direct");
    expect(via("api.example", 443)).toBe("http://corp.example:3128");
    expect(via("10.1.2.3")).toBe("direct");
    expect(via("11.1.2.3")).toBe("http://corp.example:3128");
    expect(via("fd00::1")).toBe("direct");
  });

  it("reaches IPv6 ranges and names written with a trailing dot directly", () => {
    const settings = proxySettingsFromEnv({
      HTTPS_PROXY: "http://corp.example:3128",
      NO_PROXY: "fd00::/8,[2001:db8::]/32,moonshot.cn.,internal.example",
    });
    const route = (host: string) => proxyFor(settings, true, host, 443)?.display ?? "direct";
    expect(route("fd12:3456::1")).toBe("direct");
    expect(route("2001:db8:1::5")).toBe("direct");
    expect(route("2001:db9::5")).toBe("http://corp.example:3128");
    expect(route("fe80::1")).toBe("http://corp.example:3128");
    // "host." is the same host as "host" (the root of DNS written out), in either place.
    expect(route("api.moonshot.cn")).toBe("direct");
    expect(route("api.internal.example.")).toBe("direct");
    expect(route("api.moonshot.ai")).toBe("http://corp.example:3128");
  });

  it("always reaches this machine directly, and NO_PROXY=* turns the proxy off", () => {
    for (const host of ["localhost", "127.0.0.1", "127.8.9.1", "::1", "[::1]", "app.localhost"])
      expect(isLoopbackHost(host), host).toBe(true);
    expect(isLoopbackHost("128.0.0.1")).toBe(false);
    expect(via("localhost", 11434, false)).toBe("direct");
    const off = proxySettingsFromEnv({ ...env, NO_PROXY: "*" });
    expect(proxyFor(off, true, "api.moonshot.ai", 443)).toBeUndefined();
    expect(describeProxies(off)).toBe(
      "http://corp.example:3128 (HTTPS_PROXY, HTTP_PROXY); direct: everything (NO_PROXY=*)",
    );
  });

  it("describes what is in use in one line", () => {
    expect(describeProxies(settings)).toBe(
      "http://corp.example:3128 (HTTPS_PROXY, HTTP_PROXY); direct: loopback, internal.example, .corp.example, *.lab.example, api.example:8443, 10.0.0.0/8, [fd00::1]",
    );
    const split = proxySettingsFromEnv({ https_proxy: "http://a.example:1" });
    expect(describeProxies(split)).toBe(
      "https via http://a.example:1 (https_proxy); direct: loopback",
    );
  });
});
