/**
 * sessionPath(stateDir, agentId, sessionId) says which of its two ids it refuses. Before, an
 * agent id that cannot name a directory (`"my agent"`) was told as `session id "my agent" is not
 * allowed`, sending the program to look at a session id that was fine.
 */
import { describe, expect, it } from "vitest";
import { sessionPath } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";

describe("sessionPath's ids", () => {
  it("an agent id it refuses is said to be the agent id", () => {
    const error = refusal(() => sessionPath("/var/lib/my-app/openclaw", "my agent", "support-42"));
    expect(error).toMatchObject({
      code: "invalid_session_id",
      message: 'agent id "my agent" is not allowed',
      hint: "use letters, digits, '.', '_' or '-' (up to 128 characters)",
    });
  });

  it("a session id it refuses is still said to be the session id", () => {
    const error = refusal(() => sessionPath("/var/lib/my-app/openclaw", "main", "../support-42"));
    expect(error).toMatchObject({
      code: "invalid_session_id",
      message: 'session id "../support-42" is not allowed',
    });
  });
});
