/**
 * The guide's example of an option holding another kind of value than it takes: the
 * `startGateway({ … })` call it shows is refused with the message it quotes. Before, the call was
 * `startGateway({ port: "8080", watch: "no" })`, refused for its port first (`startGateway's
 * option port must be a number …`), not with the quoted `… option watch must be true or false …`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { OpenClawError } from "../src/errors.js";
import { type StartGatewayOptions, startGateway } from "../src/gateway/start.js";
import { tempDir } from "./helpers/tmp.js";

const flatGuide = readFileSync(join(import.meta.dirname, "..", "docs/guide.md"), "utf8").replace(
  /\s*\n\s*/g,
  " ",
);

it("the guide's startGateway call with a mistyped option gives the message it quotes", async () => {
  const example = /\(`startGateway\((\{[^`]*\})\)` would keep watching;/.exec(flatGuide)?.[1];
  const quoted = /keys\): `(startGateway's option [^`]+)`/.exec(flatGuide)?.[1];
  expect(example).toBeDefined();
  expect(quoted).toMatch(/^startGateway's option watch must be true or false/);
  const given = new Function(`return (${example});`)() as StartGatewayOptions;
  // In a state dir of the test's own, on a free port unless the example names one: should the
  // check let it through, nothing is started on the machine's default config or port.
  const options = { env: { OPENCLAW_STATE_DIR: tempDir() }, port: 0, ...given };
  const outcome = await startGateway(options).then(
    async (gateway) => {
      await gateway.close();
      return "started";
    },
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(OpenClawError);
  expect((outcome as OpenClawError).message).toBe(quoted);
});
