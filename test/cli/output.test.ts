import { afterEach, describe, expect, it, vi } from "vitest";
import {
  colorEnabled,
  fitSeparated,
  printError,
  reflowProse,
  renderTable,
  startSpinner,
  style,
  visibleWidth,
  wrapAfterLabel,
  wrapText,
} from "../../src/cli/output.js";
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

  it("line up Latin-1 letters one cell each and a soft hyphen as none", () => {
    const table = renderTable(
      ["Client", "Cost"],
      [
        ["café · £ équipe", "$1"],
        ["soft\u00adhyphen", "$2"],
      ],
      { width: 80 },
    );
    expect(table.split("\n")).toEqual([
      "Client           Cost",
      "café · £ équipe  $1",
      "soft\u00adhyphen       $2",
    ]);
  });

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

  it("wrap the column meant to wrap onto more lines, after its commas first, losing nothing", () => {
    const table = renderTable(["Model", "Input", "Ctx", "Tags"], rows, {
      width: 66,
      wrapColumn: 3,
    });
    const lines = table.split("\n");
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(66);
    expect(table).not.toContain("…");
    expect(lines).toEqual([
      "Model                            Input  Ctx   Tags",
      "moonshot/kimi-k2-thinking-turbo  text   256k  default, configured,",
      "                                              alias:Kimi K2",
      "                                              Thinking Turbo",
      "kimi-code/kimi-for-coding        text   256k  configured",
    ]);
    // A word wider than the column is broken last; no piece is lost.
    const long = renderTable(
      ["Model", "Note"],
      [["m", "not used: it names moonshot/kimi-k2-thinking-turbo"]],
      { width: 25, wrapColumn: 1 },
    );
    expect(long.split("\n")).toEqual([
      "Model  Note",
      "m      not used: it names",
      "       moonshot/kimi-k2-",
      "       thinking-turbo",
    ]);
  });

  it("break a model ref after its provider when the model's name fits on the next line", () => {
    const note = (text: string, width: number) =>
      renderTable(["Model", "Note"], [["m", text]], { width, wrapColumn: 1 }).split("\n");
    expect(note("not used: it names kimi-code/kimi-for-coding", 24)).toEqual([
      "Model  Note",
      "m      not used: it",
      "       names kimi-code/",
      "       kimi-for-coding",
    ]);
    // Too narrow for the model's name, it breaks after the last `/` or `-` that fits.
    expect(note("moonshot/kimi-k2-thinking-turbo", 25).slice(1)).toEqual([
      "m      moonshot/kimi-k2-",
      "       thinking-turbo",
    ]);
  });

  it("as blocks, leave out empty fields and wrap the column meant to wrap under itself", () => {
    const table = renderTable(
      ["Alias", "Model", "Note"],
      [
        ["Kimi K2", "moonshot/kimi-k2.5", ""],
        ["kimi k2", "moonshot/kimi-k2-turbo-preview", "not used: it names moonshot/kimi-k2.5"],
      ],
      { width: 40, wrapColumn: 2 },
    );
    expect(table).toBe(
      [
        "Alias  Kimi K2",
        "Model  moonshot/kimi-k2.5",
        "",
        "Alias  kimi k2",
        "Model  moonshot/kimi-k2-turbo-preview",
        "Note   not used: it names",
        "       moonshot/kimi-k2.5",
      ].join("\n"),
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

  it("count emoji, emoji sequences and CJK Extension B as a terminal draws them", () => {
    const cells: Array<[string, number]> = [
      ["🚀", 2], // emoji presentation
      ["❤️", 2], // text-default heart with VS16: the emoji form
      ["❤", 1], // the heart alone is drawn as text
      ["❤️ 思考", 7],
      ["👨‍👩‍👧", 2], // a ZWJ family is one emoji
      ["👍🏽", 2], // skin tone modifier
      ["🇯🇵", 2], // a flag
      ["1️⃣", 2], // keycap
      ["𠀀𪚲", 4], // CJK Extension B (outside the BMP)
      ["e\u0301", 1], // a combining accent takes no cell
      ["\u200b", 0], // zero width space
      ["Ａ", 2], // fullwidth Latin
      ["ｱ", 1], // halfwidth Katakana
      ["\u001b[1mbold\u001b[22m", 4],
    ];
    for (const [text, width] of cells) expect([text, visibleWidth(text)]).toEqual([text, width]);
  });

  it("keep columns aligned after an emoji or a CJK alias", () => {
    const table = renderTable(
      ["Alias", "Model"],
      [
        ["🚀🚀🚀🚀", "moonshot/kimi-k2.5"],
        ["❤️ 思考", "moonshot/kimi-k2-thinking"],
        ["plain", "kimi-code/kimi-for-coding"],
      ],
      { width: 80 },
    );
    const starts = table
      .split("\n")
      .slice(1)
      .map((line) => visibleWidth(line.slice(0, line.search(/(moonshot|kimi-code)\//))));
    expect(new Set(starts).size).toBe(1);
  });

  it("leave out optional columns before a name is cut unreadably, and say which", () => {
    const table = renderTable(
      ["Model", "Requests", "Errors", "Fallbacks", "Cached", "Cost"],
      [["moonshot/kimi-k2-turbo-preview", "12", "0", "1", "4096", "$0.0021"]],
      { width: 58, shrinkColumn: 0, optionalColumns: [4, 3], omittedHint: "--json has them" },
    );
    const lines = table.split("\n");
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(58);
    expect(lines[0]).toMatch(/^Model\s+Requests\s+Errors\s+Cost$/);
    expect(lines[1]).toContain("moonshot/kimi-k2-turbo-preview");
    expect(lines.slice(2).join(" ")).toBe(
      "(not shown at 58 columns: Cached, Fallbacks; --json has them)",
    );
  });
});

describe("help text reflowed to the terminal", () => {
  const text = [
    "Examples:",
    "  openclaw usage --since 30d --by client   # who spent what: the `user` each app sends",
    "",
    "Times are local (TZ), the zone named once; --by day groups by local day; --json times are ISO",
    "in UTC. The ledger is <state>/usage.sqlite.",
    "Short line that fits.",
  ].join("\n");

  it("wraps prose between words and keeps example commands whole", () => {
    const out = reflowProse(text, 60).split("\n");
    expect(out).toContain("  openclaw usage --since 30d --by client");
    const prose = out.slice(4);
    for (const line of prose) expect(line.length).toBeLessThanOrEqual(60);
    // No word is broken: the words are the same, in the same order.
    expect(prose.join(" ").split(/\s+/)).toEqual(text.split("\n").slice(3).join(" ").split(/\s+/));
  });

  it("puts the comment of an example too wide under it, the command whole", () => {
    const out = reflowProse(text, 60).split("\n");
    expect(out.slice(1, 3)).toEqual([
      "  openclaw usage --since 30d --by client",
      "      # who spent what: the `user` each app sends",
    ]);
  });

  it("leaves a paragraph that fits as written", () => {
    expect(reflowProse(text, 100)).toBe(text);
  });

  const table = [
    "Tags:",
    "  default           the model used when none is named",
    "  not allowed       agents.defaults.models lists other models and not this",
    "                    one, so a request for it is refused",
    "Auth: where the key comes from.",
  ].join("\n");

  it("wraps a table's descriptions in their column, keeping it indented", () => {
    expect(reflowProse(table, 100)).toBe(table);
    expect(reflowProse(table, 50).split("\n")).toEqual([
      "Tags:",
      "  default           the model used when none is",
      "                    named",
      "  not allowed       agents.defaults.models lists",
      "                    other models and not this one,",
      "                    so a request for it is refused",
      "Auth: where the key comes from.",
    ]);
  });

  it("puts each description under its term, indented, when there is no room beside it", () => {
    expect(reflowProse(table, 40).split("\n")).toEqual([
      "Tags:",
      "  default",
      "      the model used when none is named",
      "  not allowed",
      "      agents.defaults.models lists other",
      "      models and not this one, so a",
      "      request for it is refused",
      "Auth: where the key comes from.",
    ]);
  });
});

/** A terminal stream that records what is written. */
function fakeTerminal(columns: number): NodeJS.WriteStream & { written: string } {
  const stream = {
    isTTY: true,
    columns,
    written: "",
    write(text: string) {
      stream.written += text;
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { written: string };
}

describe("the spinner", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    vi.useRealTimers();
  });

  it("cuts a label wider than the terminal, so a frame never wraps", () => {
    vi.useFakeTimers();
    process.env.TERM = "xterm-256color";
    const terminal = fakeTerminal(30);
    const spinner = startSpinner(
      "Asking moonshot, kimi-code for their models…",
      terminal,
      terminal,
    );
    vi.advanceTimersByTime(400);
    spinner.stop();
    const frames = terminal.written.split("\r\u001b[2K").filter((frame) => frame !== "");
    expect(frames.length).toBeGreaterThan(3);
    for (const frame of frames) expect(visibleWidth(frame)).toBeLessThan(30);
    expect(frames[0]).toContain("Asking moonshot");
  });

  it("draws nothing on a dumb terminal", () => {
    process.env.TERM = "dumb";
    const terminal = fakeTerminal(80);
    const spinner = startSpinner("waiting…", terminal, terminal);
    spinner.stop();
    expect(terminal.written).toBe("");
  });

  it("draws nothing on the terminal when the output goes to a pipe (a pager would get the frames)", () => {
    vi.useFakeTimers();
    process.env.TERM = "xterm-256color";
    const terminal = fakeTerminal(80);
    const pipe = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
    const spinner = startSpinner("waiting for the model…", terminal, pipe);
    vi.advanceTimersByTime(400);
    spinner.stop();
    expect(terminal.written).toBe("");
  });
});

describe("status lines of ' · ' parts", () => {
  it("wrap a part wider than the width at its spaces, keeping each word whole", () => {
    const line =
      "openclaw chat · fallbacks moonshot/kimi-k2.5, kimi-code/kimi-for-coding · thinking on";
    expect(fitSeparated(line, 30)).toBe(
      [
        "openclaw chat",
        "fallbacks moonshot/kimi-k2.5,",
        "kimi-code/kimi-for-coding",
        "thinking on",
      ].join("\n"),
    );
  });
});

describe("commands in hints", () => {
  it("are never split: one that does not fit goes to the next line whole, its clause's end with it", () => {
    const hint =
      "new: kimi-k3 — add them with: openclaw models scan --provider moonshot --add; or leave them";
    expect(wrapAfterLabel(hint, 6, 60)).toBe(
      [
        "new: kimi-k3 — add them with:",
        "      openclaw models scan --provider moonshot --add; or",
        "      leave them",
      ].join("\n"),
    );
  });

  it("keep a quoted argument's spaces and stop at the prose after them", () => {
    const hint =
      "set it: openclaw config set 'models.providers.kimi-code.headers' '{\"User-Agent\": \"KimiCLI/0.77\"}' (a model's own headers win)";
    const lines = wrapAfterLabel(hint, 0, 40).split("\n");
    // Wider than the line: continued at its arguments with ` \`, still one command to copy.
    expect(lines).toEqual([
      "set it:",
      "openclaw config set \\",
      "    'models.providers.kimi-code.headers' \\",
      '    \'{"User-Agent": "KimiCLI/0.77"}\'',
      "(a model's own headers win)",
    ]);
  });

  it("wider than the line go on at argument boundaries with ` \\`, the prose after them under them", () => {
    const prose =
      "Models the provider does not have are left out, and the listed ones to add with: openclaw models scan --provider <id> --add (the default model is written all the same).";
    expect(wrapText(prose, 40).split("\n")).toEqual([
      "Models the provider does not have are",
      "left out, and the listed ones to add",
      "with:",
      "openclaw models scan --provider <id> \\",
      "    --add",
      "(the default model is written all the",
      "same).",
    ]);
    // A command in brackets ends at the verb of its sentence, which is prose again.
    const bracketed =
      "The token is printed once (openclaw config get gateway.auth.token --reveal prints it again).";
    expect(wrapText(bracketed, 30).split("\n")).toEqual([
      "The token is printed once",
      "(openclaw config get \\",
      "    gateway.auth.token \\",
      "    --reveal",
      "prints it again).",
    ]);
    // The verb after a command is prose too: on a line of its own, never after a ` \`.
    const verb =
      "the chain tries a model once: openclaw models set moonshot/kimi-k2-thinking-turbo makes it the default";
    expect(wrapText(verb, 40).split("\n")).toEqual([
      "the chain tries a model once:",
      "openclaw models set \\",
      "    moonshot/kimi-k2-thinking-turbo",
      "makes it the default",
    ]);
    const leaves =
      "3 usage ledger rows could not be written, so openclaw usage --since 2026-12-01T09:30Z leaves those requests out";
    expect(wrapText(leaves, 36).split("\n").slice(-3)).toEqual([
      "openclaw usage \\",
      "    --since 2026-12-01T09:30Z",
      "leaves those requests out",
    ]);
  });
});

describe("colour", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("FORCE_COLOR=0 turns it off on a terminal; FORCE_COLOR=1 turns it on in a pipe; NO_COLOR wins", () => {
    delete process.env.NO_COLOR;
    process.env.TERM = "xterm-256color";
    const terminal = fakeTerminal(80);
    const pipe = { isTTY: false } as NodeJS.WriteStream;
    process.env.FORCE_COLOR = "0";
    expect(colorEnabled(terminal)).toBe(false);
    expect(style.red("x", terminal)).toBe("x");
    process.env.FORCE_COLOR = "1";
    expect(colorEnabled(pipe)).toBe(true);
    process.env.NO_COLOR = "1";
    expect(colorEnabled(pipe)).toBe(false);
    // Set but empty is not set (no-color.org): a terminal keeps its colour.
    process.env.NO_COLOR = "";
    delete process.env.FORCE_COLOR;
    expect(colorEnabled(terminal)).toBe(true);
    delete process.env.NO_COLOR;
    delete process.env.FORCE_COLOR;
    expect([colorEnabled(terminal), colorEnabled(pipe)]).toEqual([true, false]);
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

describe("an error openclaw did not expect", () => {
  const printed = (error: unknown): string => {
    let written = "";
    const pipe = {
      isTTY: false,
      write(text: string) {
        written += text;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    printError(error, pipe);
    return written;
  };

  it("running out of file descriptors says to raise the limit, not to report a bug", () => {
    const emfile = Object.assign(
      new Error("EMFILE: too many open files, open '/x/dist/auth/store.js'"),
      { code: "EMFILE" },
    );
    const text = printed(emfile);
    expect(text).toContain("error: EMFILE: too many open files");
    expect(text).toContain(
      "hint: this process reached its open-files limit (ulimit -n shows it): raise it",
    );
    expect(text).not.toContain("bug in openclaw");
  });

  it("an open-files limit reached inside a libuv call (os.networkInterfaces) says to raise it too", () => {
    // What Node 20 throws from os.networkInterfaces() under a low ulimit -n: only the number.
    const systemError = Object.assign(
      new Error(
        "A system error occurred: uv_interface_addresses returned Unknown system error 24 (Unknown system error 24)",
      ),
      {
        code: "ERR_SYSTEM_ERROR",
        info: { errno: 24, code: "Unknown system error 24", syscall: "uv_interface_addresses" },
      },
    );
    const text = printed(systemError);
    expect(text).toContain("hint: this process reached its open-files limit (ulimit -n shows it)");
    expect(text).not.toContain("bug in openclaw");
    const otherSystemError = Object.assign(new Error("A system error occurred"), {
      code: "ERR_SYSTEM_ERROR",
      info: { errno: 2, code: "ENOENT", syscall: "uv_os_homedir" },
    });
    expect(printed(otherSystemError)).toContain("hint: this looks like a bug in openclaw");
  });

  it("anything else still asks for a bug report", () => {
    expect(printed(new TypeError("x is not a function"))).toContain(
      "hint: this looks like a bug in openclaw; run again with OPENCLAW_DEBUG=1",
    );
  });
});

describe("a command with a variable set for it, in wrapped prose", () => {
  const command =
    "OPENCLAW_CONFIG_PATH=/srv/openclaw-gateway-7/openclaw.json openclaw config get gateway.auth.token --reveal";

  it("is never parted between the variable and the command, which would run it without it", () => {
    const lines = wrapText(`print the token with: ${command}`, 60).split("\n");
    // Pasted as the lines are, a shell joins the ` \` lines into the one command.
    const pasted = lines.join("\n").replace(/ \\\n\s*/g, " ");
    expect(pasted).toBe(`print the token with:\n${command}`);
    for (const line of lines.slice(1, -1)) expect(line.endsWith(" \\")).toBe(true);
  });

  it("stays on the line when it fits", () => {
    expect(wrapText(`run ${command} now`, 200)).toBe(`run ${command} now`);
  });

  it("leaves prose that merely looks like a variable alone", () => {
    expect(wrapText("set LEVEL=debug and then restart the gateway", 20)).toBe(
      "set LEVEL=debug and\nthen restart the\ngateway",
    );
  });
});
