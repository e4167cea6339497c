/**
 * Log lines the guide's gateway and ledger paragraphs quote, as the gateway's own functions word
 * them: a rewording of either is caught here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ledgerWritingAgainLine } from "../../src/gateway/ledger-damage.js";

const guide = readFileSync(join(import.meta.dirname, "../../docs/guide.md"), "utf8").replace(
  /\s+/g,
  " ",
);

describe("the guide's quoted gateway log lines", () => {
  it("a ledger written again after failed writes", () => {
    expect(guide).toContain(`\`${ledgerWritingAgainLine({ failedWrites: 3, droppedRows: 0 })}\``);
  });
});
