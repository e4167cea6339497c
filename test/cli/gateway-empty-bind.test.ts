/**
 * `openclaw gateway --bind "$BIND"` with BIND unset or blank: refused as the usage mistake it is
 * (exit 2). Passed on, an empty host makes Node listen on every interface, so the gateway
 * went onto the network when the person meant the loopback default.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function env(): Record<string, string> {
  const dir = tempDir();
  return { OPENCLAW_STATE_DIR: dir, HOME: dir };
}

describe("gateway --bind with an empty value", () => {
  it("is a usage error (exit 2) naming --bind, and nothing listens", async () => {
    for (const bind of ["", "  "]) {
      // A gateway that started would run until killed: the timeout only ends that failure.
      const result = await runCli(["gateway", "--port", "0", "--bind", bind], {
        env: env(),
        timeoutMs: 20_000,
      });
      expect(result.code, JSON.stringify(bind)).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).not.toContain("listening");
      expect(result.stderr.trim().split("\n")).toEqual([
        "error: --bind is empty: give loopback, lan or an address of this machine",
        expect.stringMatching(/^hint: example: openclaw gateway --bind loopback/),
      ]);
    }
  });

  it("with --json, one usage failure object on stdout and no listening event", async () => {
    const result = await runCli(["gateway", "--port", "0", "--bind", "", "--json"], {
      env: env(),
      timeoutMs: 20_000,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    const failure = JSON.parse(result.stdout) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(failure.ok).toBe(false);
    expect(failure.error.code).toBe("usage");
    expect(failure.error.message).toContain("--bind is empty");
  });
});
