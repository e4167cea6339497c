/**
 * The run the ledger-damage tests share: the built gateway writes two requests' rows, the test
 * changes the ledger's file under it, two more requests follow (the first finds the change, the
 * second goes where the first went), and SIGTERM stops it (exit 0).
 */
import { expect } from "vitest";
import { startGatewayProcess } from "../helpers/gateway-process.js";
import { eventually } from "./harness.js";

export interface LedgerChangeRun {
  /** The gateway's whole log (stderr). */
  stderr: string;
  /** Its lines that say the ledger changed while the gateway ran. */
  said: string[];
}

export async function runLedgerChange(options: {
  env: NodeJS.ProcessEnv;
  /** One request, the `n`th (1 to 4), through the gateway at `url`; resolves to its status. */
  chat(url: string, n: number): Promise<number>;
  /** How many rows the ledger holds, read as anyone with SQLite would. */
  rows(): number;
  /** What is done to the ledger's file after the first two rows. */
  change(): void;
  /** False when the change is one the gateway should not notice: no log line is waited for. */
  expectSaid?: boolean;
}): Promise<LedgerChangeRun> {
  const cli = await startGatewayProcess(options.env);
  expect([await options.chat(cli.url, 1), await options.chat(cli.url, 2)]).toEqual([200, 200]);
  await eventually(() => options.rows() === 2, 10_000, "two rows written");
  options.change();
  expect(await options.chat(cli.url, 3)).toBe(200);
  if (options.expectSaid === false) {
    await eventually(() => options.rows() === 3, 10_000, "the third row written");
  } else {
    await eventually(
      () => /usage ledger .* while the gateway ran/.test(cli.stderr()),
      10_000,
      "the log line",
    );
  }
  expect(await options.chat(cli.url, 4)).toBe(200);
  cli.child.kill("SIGTERM");
  expect(await cli.exited).toBe(0);
  const said = cli
    .stderr()
    .split("\n")
    .filter((line) => line.includes("while the gateway ran"));
  return { stderr: cli.stderr(), said };
}
