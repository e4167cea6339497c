/**
 * The pty helper's `shown()`, the screen as a person sees it: readline and clack redraw a line by
 * moving the cursor to its first column (ESC [ 1 G, ESC [ G, ESC [ 0 G) rather than with a carriage
 * return, and put the cursor back where the person is typing with ESC [ n G. Read as text after
 * text, a redrawn prompt showed as "you › hyou › hi". Checked on the text alone and once through
 * a real terminal.
 */
import { describe, expect, it } from "vitest";
import { shownText, startTerminal } from "./pty.js";

describe("what the terminal shows", () => {
  it.each([
    ["ESC [ 1 G", "\u001b[1G"],
    ["ESC [ G", "\u001b[G"],
    ["ESC [ 0 G", "\u001b[0G"],
  ])("a move to column 1 (%s) writes over the line as a carriage return does", (_, move) => {
    expect(shownText(`you › h${move}you › hi`)).toBe("you › hi");
    expect(shownText(`working…${move}done`)).toBe("doneing…");
  });

  it("writes after a move to column n from that column", () => {
    expect(shownText("you › hxllo\u001b[8Ge")).toBe("you › hello");
    expect(shownText("ab\u001b[5Gc")).toBe("ab  c");
  });

  it("moves left and right, and erases the line or its end", () => {
    expect(shownText("abcd\u001b[2Dx")).toBe("abxd");
    expect(shownText("ab\u001b[Cx")).toBe("ab x");
    expect(shownText("you › typed\u001b[1G\u001b[0Kyou › ")).toBe("you › ");
    expect(shownText("abc\u001b[1G\u001b[Kx")).toBe("x");
    expect(shownText("old line\r\u001b[2Knew")).toBe("new");
  });

  it("keeps each line to itself and skips colours", () => {
    expect(shownText("\u001b[36myou ›\u001b[39m one\r\nsecond\u001b[1Gthird")).toBe(
      "you › one\nthirdd",
    );
  });

  it("reads a redraw the same through a real terminal", async () => {
    const term = startTerminal([], { shell: "printf 'you > h\\033[1Gyou > hi\\n'" });
    try {
      expect(await term.exited).toBe(0);
      expect(term.shown().split("\n")[0]).toBe("you > hi");
    } finally {
      term.kill();
    }
  });
});
