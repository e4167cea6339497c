/**
 * A base URL with a user name and no password (`https://TOKEN@host/v1`, the way git hosts and
 * proxies take a token) is shown with the name masked, in models status and in models scan's
 * failure alike: the token never reaches the terminal.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { closedPort, freshState } from "../onboard/harness.js";

const TOKEN = "Tok3nAbCdEf0123456";

describe("a base URL with a user name alone", () => {
  it("is shown as https://***@host, the token nowhere", async () => {
    const port = await closedPort();
    const state = freshState({ NO_COLOR: "1" });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        models: {
          providers: {
            gw: customProvider([{ id: "m1", name: "M1" }], {
              baseUrl: `http://${TOKEN}@127.0.0.1:${port}/v1`,
              apiKey: "gw-key-0001",
            }),
          },
        },
        agents: { defaults: { model: { primary: "gw/m1" } } },
      }),
    );
    const status = await state.run(["models", "status"], { COLUMNS: "200" });
    expect(status.stdout).toContain(`gw (http://***@127.0.0.1:${port}/v1)`);
    const scan = await state.run(["models", "scan"], { COLUMNS: "200" });
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain(`could not reach http://***@127.0.0.1:${port}/v1`);
    const json = await state.run(["models", "status", "--json"]);
    for (const output of [status, scan, json])
      expect(`${output.stdout}${output.stderr}`).not.toContain(TOKEN);
  });
});
