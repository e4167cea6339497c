import { describe, expect, it } from "vitest";
import { printError, renderTable, visibleWidth } from "../../src/cli/output.js";
import { OpenClawError } from "../../src/errors.js";

describe("tables", () => {
  const rows = [
    [
      "moonshot/kimi-k2-thinking-turbo",
      "text",
      "256k",
      "default, configured, alias:Kimi K2 Thinking Turbo",
    ],
    ["kimi-code/kimi-for-coding", "text", "256k", "configured"],
  ];

  it("fit the given width by shrinking the widest column", () => {
    const table = renderTable(["Model", "Input", "Ctx", "Tags"], rows, { width: 60 });
    for (const line of table.split("\n")) expect(visibleWidth(line)).toBeLessThanOrEqual(60);
    expect(table).toContain("…");
    expect(table).toContain("moonshot/kimi-k2-thinking-turbo");
  });

  it("are not cut when there is room", () => {
    const table = renderTable(["Model", "Input", "Ctx", "Tags"], rows, { width: 200 });
    expect(table).toContain("alias:Kimi K2 Thinking Turbo");
    expect(table).not.toContain("…");
  });

  it("count CJK characters as two cells", () => {
    expect(visibleWidth("月之暗面")).toBe(8);
  });
});

describe("errors on a terminal", () => {
  it("show a provider's escape sequences as text, keeping the message's own lines", () => {
    let written = "";
    const terminal = {
      isTTY: true,
      write(text: string) {
        written += text;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    printError(
      new OpenClawError("provider.error", "Moonshot said: bad\u001b]52;c;cHduZWQ=\u0007 request", {
        hint: "check the key\nthen retry",
      }),
      terminal,
    );
    expect(written).toContain("Moonshot said: bad\\u001b]52;c;cHduZWQ=\\u0007 request");
    expect(written).not.toContain("\u001b]52");
    expect(written).toContain("check the key\nthen retry");
  });
});
