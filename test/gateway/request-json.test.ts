/** One finished request as JSON: the gateway's --json request events and usage --last --json. */
import { describe, expect, it } from "vitest";
import { requestJson } from "../../src/gateway/request-json.js";
import { ledgerRow } from "../helpers/ledger-row.js";

describe("requestJson", () => {
  it("gives latency and time to first token to the microsecond, as usage --last --json does", () => {
    // performance.now() differences, as the gateway measures them.
    const json = requestJson(
      ledgerRow({ latencyMs: 12.850566000000072, ttftMs: 3.1000000000000227 }),
    );
    expect(json).toMatchObject({ latencyMs: 12.851, ttftMs: 3.1 });
    expect(requestJson(ledgerRow({ ttftMs: undefined })).ttftMs).toBeNull();
  });
});
