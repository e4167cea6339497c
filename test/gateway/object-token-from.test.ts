/**
 * A client refused by a gateway started with a config object (`startGateway({ config })`) is told
 * that the program that started it set the token, in that object or its env. Before, it was told
 * `openclaw config get gateway.auth.token --reveal prints it`, which reads the shell's config
 * file: another gateway's token, or none.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

const TOKEN = "an-object-gateway-token-0123456789";
let gateway: RunningGateway | undefined;
afterEach(async () => {
  await gateway?.close(0);
  gateway = undefined;
});

async function refusal(url: string, headers: Record<string, string>): Promise<string> {
  const answer = await fetch(`${url}/v1/models`, { headers });
  expect(answer.status).toBe(401);
  return ((await answer.json()) as { error: { message: string } }).error.message;
}

describe("a gateway started with a config object refuses a client", () => {
  it("naming the object's gateway.auth.token as where the token comes from", async () => {
    gateway = await startGateway({
      port: 0,
      watch: false,
      config: { gateway: { auth: { token: TOKEN }, ledger: { enabled: false } } },
      env: { OPENCLAW_STATE_DIR: tempDir() },
    });
    const from =
      "the program that started this gateway set it: gateway.auth.token of the config object given to startGateway; openclaw config get does not read that object";
    expect(await refusal(gateway.url, {})).toBe(
      `missing gateway token: send Authorization: Bearer <gateway token> (${from})`,
    );
    const wrong = await refusal(gateway.url, { authorization: "Bearer not-the-token" });
    expect(wrong).toBe(`incorrect gateway token: send this gateway's own token (${from})`);
    expect(wrong).not.toContain("--reveal");
  });

  it("naming OPENCLAW_GATEWAY_TOKEN of the env given, when that set it", async () => {
    gateway = await startGateway({
      port: 0,
      watch: false,
      config: { gateway: { ledger: { enabled: false } } },
      env: { OPENCLAW_STATE_DIR: tempDir(), OPENCLAW_GATEWAY_TOKEN: TOKEN },
    });
    expect(await refusal(gateway.url, { authorization: "Bearer sk-abc" })).toContain(
      "send this gateway's own token (the program that started this gateway set it: OPENCLAW_GATEWAY_TOKEN in the env given to startGateway;",
    );
  });
});
