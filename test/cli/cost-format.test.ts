/**
 * One cost format for every place that shows money (the --log-requests line, `usage --last`,
 * the usage tables, the agent's summary): a cost that is not zero never reads as $0.
 */
import { describe, expect, it } from "vitest";
import { formatRequestLine } from "../../src/cli/commands/gateway-report.js";
import { formatUsd } from "../../src/runtime/index.js";
import { ledgerRow } from "../helpers/ledger-row.js";

describe("formatUsd", () => {
  it("keeps two significant digits below a cent, four decimals above, and no exponent", () => {
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(0.0000204)).toBe("$0.000020");
    expect(formatUsd(0.00213)).toBe("$0.0021");
    expect(formatUsd(0.01493)).toBe("$0.0149");
    expect(formatUsd(12.5)).toBe("$12.5000");
    expect(formatUsd(1e-9)).toBe("$0.0000000010");
    expect(formatUsd(3e-25)).toBe("$3.0e-25");
    // Rounding that carries into the next power of ten keeps two digits, not three.
    expect(formatUsd(0.00009999)).toBe("$0.00010");
    expect(formatUsd(0.000999)).toBe("$0.0010");
    expect(formatUsd(0.009999)).toBe("$0.0100");
    expect(formatUsd(-0.00009999)).toBe("-$0.00010");
  });
});

describe("the --log-requests line", () => {
  it("shows a request of a fiftieth of a cent as such, not as $0.0000", () => {
    const line = formatRequestLine(
      ledgerRow({ promptTokens: 12, completionTokens: 3, costUsd: 0.0000204 }),
    );
    expect(line).toContain("12 + 3 tokens  $0.000020  ");
    expect(line).not.toContain("$0.0000 ");
  });
});
