import { displayWidth } from "../../src/cli/display-width.js";

/**
 * Lines of `text` wider than `width` cells, but for one that is a single word (a path, a URL), a
 * single word continued with ` \` (one argument of a command wider than the line, which no break
 * can shorten) or a command alone (`openclaw config set …`): those are kept whole on their line,
 * to be copied.
 */
export function overWide(text: string, width: number): string[] {
  return text
    .split("\n")
    .filter(
      (line) =>
        displayWidth(line) > width &&
        line.trim().replace(/ \\$/, "").split(" ").length > 1 &&
        !line.trim().startsWith("openclaw "),
    );
}
