/** `openclaw doctor`'s judgement on given facts: levels, where, and what to do. */
import { describe, expect, it } from "vitest";
import {
  configFindings,
  type FileFacts,
  fileFindings,
  type GatewayFacts,
  gatewayFindings,
  nodeFindings,
  summarize,
} from "../../src/doctor/findings.js";

describe("doctor findings", () => {
  it("compares Node versions part by part", () => {
    expect(nodeFindings("20.20.2", "20.18.0")[0]?.level).toBe("ok");
    expect(nodeFindings("v21.0.0", "20.18.0")[0]?.level).toBe("ok");
    expect(nodeFindings("20.18.0", "20.18.0")[0]?.level).toBe("ok");
    const old = nodeFindings("20.9.1", "20.18.0")[0];
    expect(old).toMatchObject({ level: "fail", hint: "install Node.js 20.18.0 or newer" });
  });

  it("fails an unreadable config with its location, and lists each problem by dotted path", () => {
    const broken = configFindings({
      path: "/s/openclaw.json",
      exists: true,
      error: { message: "unexpected '}'", where: "/s/openclaw.json:7", hint: "check the line" },
      problems: [],
      ignored: [],
      providers: 0,
    });
    expect(broken).toEqual([
      {
        check: "config",
        level: "fail",
        message: "unexpected '}'",
        where: "/s/openclaw.json:7",
        hint: "check the line",
      },
    ]);
    const problems = configFindings({
      path: "/s/openclaw.json",
      exists: true,
      problems: [{ path: "models.providers.moonshot.baseUrl", message: "is not a URL" }],
      ignored: [],
      providers: 2,
    });
    expect(problems).toEqual([
      {
        check: "config",
        level: "fail",
        message: "models.providers.moonshot.baseUrl: is not a URL",
        where: "models.providers.moonshot.baseUrl",
        path: "models.providers.moonshot.baseUrl",
      },
    ]);
    // Where the value is written, when that is known: in the text as config validate prints it.
    const placed = configFindings({
      path: "/s/openclaw.json",
      exists: true,
      problems: [
        {
          path: "models.providers.moonshot.baseUrl",
          message: "is not a URL",
          file: "/s/openclaw.json",
          line: 4,
        },
      ],
      ignored: [],
      providers: 2,
    });
    expect(placed).toEqual([
      {
        check: "config",
        level: "fail",
        message: "models.providers.moonshot.baseUrl: is not a URL (/s/openclaw.json:4)",
        where: "/s/openclaw.json:4",
        path: "models.providers.moonshot.baseUrl",
        file: "/s/openclaw.json",
        line: 4,
      },
    ]);
    const fine = configFindings({
      path: "/s/openclaw.json",
      exists: true,
      problems: [],
      ignored: ["channels"],
      providers: 1,
    });
    expect(fine[0]?.message).toBe(
      "/s/openclaw.json is valid (1 provider configured); not used by this tool: channels",
    );
  });

  it("counts the providers configured, and still calls a config with only warnings valid", () => {
    const count = (providers: number) =>
      configFindings({ path: "/c.json", exists: true, problems: [], ignored: [], providers })[0]
        ?.message;
    expect(count(0)).toBe("/c.json is valid (no providers configured)");
    expect(count(2)).toBe("/c.json is valid (2 providers configured)");
    const warned = configFindings({
      path: "/c.json",
      exists: true,
      problems: [
        {
          path: 'agents.defaults.models["ghost/x"]',
          message: "unknown provider",
          level: "warning",
        },
      ],
      ignored: [],
      providers: 1,
    });
    expect(warned.map((item) => item.level)).toEqual(["ok", "warn"]);
  });

  it("fails secrets others can read, warns on other open files, and says which chmod", () => {
    const file = (label: string, mode: number | undefined, secret: boolean, directory = false) =>
      ({ label, path: `/s/${label}`, mode, directory, secret }) satisfies FileFacts;
    const findings = fileFindings([
      file("state", 0o40755, false, true),
      file("store", 0o100644, true),
      file("config", 0o100600, false),
      file("missing", undefined, true),
    ]);
    expect(findings.map((item) => [item.level, item.message, item.hint])).toEqual([
      ["warn", "state /s/state can be read by other users (mode 755)", "chmod 700 /s/state"],
      [
        "fail",
        "store /s/store can be read by other users (mode 644) and holds secrets",
        "chmod 600 /s/store",
      ],
    ]);
    expect(fileFindings([file("config", 0o100600, true)])[0]?.level).toBe("ok");
  });

  it("judges the gateway's auth, port and ledger", () => {
    const base: GatewayFacts = {
      port: 18789,
      host: "127.0.0.1",
      authMode: "token",
      hasToken: true,
      tokenLength: 43,
      portState: "free",
      ledgerPath: "/s/usage.sqlite",
      ledgerProblem: undefined,
      revealTokenCommand: "openclaw config get gateway.auth.token --reveal",
      loopback: true,
    };
    const levels = (facts: Partial<GatewayFacts>) =>
      gatewayFindings({ ...base, ...facts }).map((item) => `${item.level} ${item.message}`);
    expect(levels({})).toEqual([
      "ok gateway token set",
      "ok 127.0.0.1:18789 is free for openclaw gateway",
    ]);
    expect(levels({ authMode: "none", host: "0.0.0.0", loopback: false })[0]).toMatch(
      /^fail .*would listen on 0\.0\.0\.0: it will refuse to start$/,
    );
    expect(levels({ tokenLength: 6, host: "0.0.0.0", loopback: false })[0]).toBe(
      "warn the gateway token has 6 characters and the gateway listens on 0.0.0.0: others on the network could guess it",
    );
    expect(levels({ tokenLength: 6 })[0]).toBe("ok gateway token set");
    expect(
      levels({
        hasToken: false,
        tokenProblem: {
          message: "environment variable GW_TOKEN is not set",
          where: "gateway.auth.token",
        },
      })[0],
    ).toBe("fail environment variable GW_TOKEN is not set");
    expect(levels({ authMode: "none" })[0]).toBe(
      "warn the gateway accepts requests without a token (loopback only)",
    );
    expect(levels({ portState: "gateway" })[1]).toBe("ok a gateway is running on 127.0.0.1:18789");
    // The gateway would not start there: a failure, not a warning.
    expect(levels({ portState: "other" })[1]).toBe(
      "fail 127.0.0.1:18789 is taken by another program: openclaw gateway would fail to start there",
    );
    expect(levels({ ledgerProblem: "/s is not writable" })[2]).toBe(
      "fail the usage ledger /s/usage.sqlite cannot be written: /s is not writable",
    );
    expect(
      levels({
        corsProblem: { message: "gateway.cors.origins[0] is not an origin", where: "x" },
      })[1],
    ).toBe("fail gateway.cors.origins[0] is not an origin");
    expect(levels({ openFiles: 20_000, maxConcurrentStreams: 1024 })).toHaveLength(2);
    const short = gatewayFindings({ ...base, openFiles: 256, maxConcurrentStreams: 1024 });
    expect(short[2]).toMatchObject({
      level: "warn",
      message:
        "the open-files limit here is 256: a gateway started from this shell would serve at most 96 of the 1024 concurrent streams configured",
      where: "gateway.limits.maxConcurrentStreams",
    });
    expect(short[2]?.hint).toContain("ulimit -Hn");
    // Under 64 files the gateway refuses to start, whatever the streams.
    const floor = gatewayFindings({ ...base, openFiles: 48, maxConcurrentStreams: 1024 });
    expect(floor[2]).toMatchObject({
      level: "fail",
      message:
        "the open-files limit here is 48: openclaw gateway started from this shell would refuse to start (it needs at least 64)",
    });
    expect(floor[2]?.hint).toContain("ulimit -n 1024");
    expect(floor).toHaveLength(3);
    expect(
      summarize(
        gatewayFindings({ ...base, portState: "other", ledgerProblem: "/s is not writable" }),
      ),
    ).toEqual({ failures: 2, warnings: 0 });
  });
});
