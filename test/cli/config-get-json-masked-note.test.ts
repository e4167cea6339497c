/**
 * `config get --json` on a terminal: one JSON object and nothing else, as every command's --json
 * is (the guide's Scripting: stderr has only what shows progress). Before, the note "(secrets
 * masked; --reveal prints them)" was written to stderr after the object whenever stderr was a
 * terminal, so `openclaw config get gateway --json` showed a line that is no JSON beside it.
 * Without --json the note stays. The built CLI in a pseudo-terminal.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInTerminal } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";

function stateWithToken(): Record<string, string> {
  const dir = tempDir();
  writeFileSync(
    join(dir, "openclaw.json"),
    JSON.stringify({ gateway: { auth: { token: "tok-fake-abc-01" } } }),
  );
  return { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1" };
}

const NOTE = "(secrets masked; --reveal prints them)";

describe("config get --json on a terminal", () => {
  it("prints the masked object alone, with no note after it", async () => {
    const env = stateWithToken();
    const { code, screen } = await runInTerminal(["config", "get", "gateway", "--json"], { env });
    expect(code).toBe(0);
    const text = screen.replace(/\r/g, "");
    expect(text).not.toContain(NOTE);
    expect(text).not.toContain("tok-fake-abc-01");
    expect(JSON.parse(text)).toEqual({ auth: { token: expect.stringContaining("…") } });
  });

  it("keeps the note without --json", async () => {
    const env = stateWithToken();
    const { code, screen } = await runInTerminal(["config", "get", "gateway"], { env });
    expect(code).toBe(0);
    expect(screen).toContain(NOTE);
  });
});
