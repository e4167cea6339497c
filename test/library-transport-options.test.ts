/**
 * createOpenAICompletionsTransport as a JavaScript program calls it: an option name it does not
 * take (`timeout`), a name inside `timeouts` it does not take (`firstByte`) or a limit that is no
 * number of milliseconds is refused when the transport is made, as a run's own `timeouts` and
 * startGateway's options are. Before, each was read past and every call ran on the default
 * limits (120 s for the first byte) as if the program had set none.
 */
import { describe, expect, it } from "vitest";
import { createOpenAICompletionsTransport } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";

describe("createOpenAICompletionsTransport's options", () => {
  it("an option name it does not take is refused with the names it takes", () => {
    const error = refusal(() => createOpenAICompletionsTransport({ timeout: 5000 } as never));
    expect(error.code).toBe("usage");
    expect(error.where).toBe("timeout");
    expect(error.message).toBe(
      'createOpenAICompletionsTransport has no option "timeout" (did you mean timeouts?)',
    );
    expect(error.hint).toBe(
      "spell it timeouts, or leave it out: the options createOpenAICompletionsTransport takes are dispatcher, timeouts",
    );
  });

  it("a name inside timeouts it does not take, or a limit that is no number, is refused", () => {
    const inner = refusal(() =>
      createOpenAICompletionsTransport({ timeouts: { firstByte: 5000 } } as never),
    );
    expect(inner.code).toBe("usage");
    expect(inner.where).toBe("timeouts.firstByte");
    expect(inner.message).toBe(
      "createOpenAICompletionsTransport's timeouts.firstByte is not a timeout (did you mean firstByteMs?)",
    );
    const notNumber = refusal(() =>
      createOpenAICompletionsTransport({ timeouts: { idleMs: "30s" } } as never),
    );
    expect(notNumber.code).toBe("usage");
    expect(notNumber.where).toBe("timeouts.idleMs");
    expect(notNumber.message).toMatch(
      /^createOpenAICompletionsTransport's timeouts\.idleMs must be a number of milliseconds from 0 \(no limit\) to \d+, got /,
    );
  });

  it("the options it takes, and undefined for one left out, still make a transport", () => {
    const transport = createOpenAICompletionsTransport({
      timeouts: { firstByteMs: 1000, idleMs: 0, totalMs: undefined },
      dispatcher: undefined,
    });
    expect(typeof transport.run).toBe("function");
    expect(typeof createOpenAICompletionsTransport().run).toBe("function");
  });
});
