/**
 * The host a hint names or a check compares: as a URL parser reads it (a login's `@` does not
 * end it early), and undefined for text that is no URL, so each caller picks its own stand-in.
 */
import { describe, expect, it } from "vitest";
import { urlHost, urlHostname } from "../../src/util/url-host.js";

describe("urlHost", () => {
  it("gives host:port, lower-cased, without the scheme's own port or the login", () => {
    expect(urlHost("http://relay.example:8080/v1")).toBe("relay.example:8080");
    expect(urlHost("HTTPS://API.Moonshot.CN:443/v1")).toBe("api.moonshot.cn");
    expect(urlHost("https://ci:p@ss:w@rd@proxy.example/v1")).toBe("proxy.example");
    expect(urlHost("http://[::1]:9000/v1")).toBe("[::1]:9000");
  });

  it("gives undefined for text that is no URL, and an empty host for a URL with none", () => {
    // Without "//" the part before ":" reads as a scheme: a URL, but with no host.
    expect(urlHost("relay.example:8080/v1")).toBe("");
    expect(urlHost("api.moonshot.cn/v1")).toBeUndefined();
    expect(urlHost("${MOONSHOT_URL}")).toBeUndefined();
    expect(urlHost("")).toBeUndefined();
    expect(urlHost("mailto:someone@example.com")).toBe("");
  });
});

describe("urlHostname", () => {
  it("gives the host name alone, without any port", () => {
    expect(urlHostname("http://relay.example:8080/v1")).toBe("relay.example");
    expect(urlHostname("https://user:secret@API.Kimi.com/coding")).toBe("api.kimi.com");
    expect(urlHostname("http://[::1]:9000/v1")).toBe("[::1]");
    expect(urlHostname("not a url")).toBeUndefined();
  });
});
