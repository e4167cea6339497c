/**
 * The chat footer fitted to the terminal (src/cli/chat-footer-fit.ts): one line where it can be,
 * its labels then its time given up in that order; broken between its parts only when it must,
 * and then never with the time alone on a line.
 */
import { describe, expect, it } from "vitest";
import { fitFooter } from "../../src/cli/chat-footer-fit.js";

const FOOTER = "moonshot/kimi-k2.5 · tokens: 1,000 in, 10 out · cost $0.00062 · 0.1s";

describe("the chat footer at a width", () => {
  it("is kept whole where it fits", () => {
    expect(fitFooter(FOOTER, 80)).toBe(FOOTER);
    expect(fitFooter(FOOTER, Number.POSITIVE_INFINITY)).toBe(FOOTER);
  });

  it("gives up the tokens label, then the cost label, then the time, to stay on one line", () => {
    expect(fitFooter(FOOTER, 64)).toBe(
      "moonshot/kimi-k2.5 · 1,000 in, 10 out · cost $0.00062 · 0.1s",
    );
    expect(fitFooter(FOOTER, 58)).toBe("moonshot/kimi-k2.5 · 1,000 in, 10 out · $0.00062 · 0.1s");
    expect(fitFooter(FOOTER, 50)).toBe("moonshot/kimi-k2.5 · 1,000 in, 10 out · $0.00062");
  });

  it("keeps the label of a cost that is not a dollar amount", () => {
    const unknown = "moonshot/kimi-k2.5 · tokens: 1,000 in, 10 out · cost unknown · 12.3s";
    expect(fitFooter(unknown, 58)).toBe("moonshot/kimi-k2.5 · 1,000 in, 10 out · cost unknown");
  });

  it("breaks between its parts when it cannot fit, without the time", () => {
    const long =
      "kimi-code/kimi-for-coding · tokens: 1,000 in, 10 out · cost Kimi Code plan quota (not per token; openclaw models status --probe shows what is left) · 0.4s";
    const fitted = fitFooter(long, 60).split("\n");
    for (const line of fitted) expect(line.length).toBeLessThanOrEqual(60);
    expect(fitted.join(" ")).toContain("(not per token; openclaw models status --probe");
    expect(fitted.join(" ")).not.toContain("0.4s");
  });
});
