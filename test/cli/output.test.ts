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

  it("fit the given width by cutting the column meant to be cut", () => {
    const table = renderTable(["Model", "Input", "Ctx", "Tags"], rows, {
      width: 60,
      shrinkColumn: 3,
    });
    for (const line of table.split("\n")) expect(visibleWidth(line)).toBeLessThanOrEqual(60);
    expect(table).toContain("…");
    expect(table).toContain("moonshot/kimi-k2-thinking-turbo");
    expect(table.split("\n")).toHaveLength(3);
  });

  it("too narrow for a table, show each row as a block, with model names whole", () => {
    const table = renderTable(["Model", "Input", "Ctx", "Tags"], rows, {
      width: 44,
      shrinkColumn: 3,
    });
    for (const line of table.split("\n")) expect(visibleWidth(line)).toBeLessThanOrEqual(44);
    expect(table).toBe(
      [
        "Model  moonshot/kimi-k2-thinking-turbo",
        "Input  text",
        "Ctx    256k",
        "Tags   default, configured, alias:Kimi K2 T…",
        "",
        "Model  kimi-code/kimi-for-coding",
        "Input  text",
        "Ctx    256k",
        "Tags   configured",
      ].join("\n"),
    );
    // Without a column that may be cut, nothing is: the table turns into blocks at once.
    const numbers = renderTable(
      ["Model", "Requests", "Errors", "Cost"],
      [["kimi-code/kimi-for-coding", "12", "0", "$0.0021"]],
      { width: 40 },
    );
    expect(numbers).toBe(
      "Model     kimi-code/kimi-for-coding\nRequests  12\nErrors    0\nCost      $0.0021",
    );
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
