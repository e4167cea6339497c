/**
 * The pty helper's `shown()`, the screen as a person sees it: readline and clack redraw a line by
 * moving the cursor to its first column (ESC [ 1 G, ESC [ G, ESC [ 0 G) rather than with a carriage
 * return, and put the cursor back where the person is typing with ESC [ n G. Read as text after
 * text, a redrawn prompt showed as "you › hyou › hi". A prompt of several lines (clack's) is
 * redrawn by moving up (ESC [ n A) and erasing (ESC [ 2 K, ESC [ J), which shown() skipped, so
 * what was erased still showed. Checked on the text alone and through a real terminal.
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

  it("moves up and down between lines, in the same column", () => {
    expect(shownText("one\ntwo\u001b[1Ax")).toBe("onex\ntwo");
    expect(shownText("a\nb\nc\u001b[2A\u001b[1GZ")).toBe("Z\nb\nc");
    expect(shownText("one\ntwo\u001b[A\u001b[1G\u001b[Bx")).toBe("one\nxwo");
    // Not above the first line; down past the last one to a line of its own.
    expect(shownText("top\u001b[5A\u001b[1GT")).toBe("Top");
    expect(shownText("a\u001b[2B\u001b[1Gb")).toBe("a\n\nb");
    // CSI E and CSI F: down and up to a line's start.
    expect(shownText("one\ntwo\u001b[Fx\u001b[Ey")).toBe("xne\nywo");
  });

  it("reads a prompt redrawn over the lines it took, as clack redraws one", () => {
    // Each line erased bottom up (ESC [ 2 K, ESC [ 1 A), then the new one from column 1.
    const erased = "\u001b[2K\u001b[1A".repeat(2);
    expect(shownText(`◆ Pick one\n│ ● kimi-k2.5\n└${erased}\u001b[2K\u001b[G◇ Picked`)).toBe(
      "◇ Picked\n\n",
    );
    // Or up to its first line and erased to the end of the screen: nothing shows below.
    expect(shownText("◆ Pick one\n│ ● kimi-k2.5\n└\u001b[2A\u001b[1G\u001b[J◇ Picked")).toBe(
      "◇ Picked",
    );
  });

  it("erases a line from its start to the cursor, and the screen before or after it", () => {
    expect(shownText("abcdef\u001b[3D\u001b[1Kx")).toBe("   xef");
    expect(shownText("abc\u001b[1K")).toBe("");
    expect(shownText("one\ntwo\nthree\u001b[1A\u001b[2G\u001b[1J")).toBe("\n  o\nthree");
    expect(shownText("one\ntwo\nthree\u001b[1A\u001b[2G\u001b[0J")).toBe("one\nt");
    expect(shownText("one\ntwo\nthree\u001b[1A\u001b[2Jx")).toBe("\n     x");
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

  it("reads a line redrawn from below the same through a real terminal", async () => {
    const term = startTerminal([], {
      shell: "printf 'one\\ntwo\\n\\033[2A\\033[2Kuno\\033[B\\033[1Gdos\\n'",
    });
    try {
      expect(await term.exited).toBe(0);
      expect(term.shown().split("\n").slice(0, 2)).toEqual(["uno", "dos"]);
    } finally {
      term.kill();
    }
  });
});
