import type { Command } from "commander";
import { UsageError } from "../../errors.js";

interface UsageFlags {
  since: string;
  by: string;
  json?: boolean;
}

const GROUPINGS = ["model", "provider", "day"] as const;

export function registerUsage(program: Command): void {
  program
    .command("usage")
    .description("report requests, tokens and cost from the gateway's usage ledger")
    .option("--since <when>", "a duration (30m, 24h, 7d, 2w) or a date (2026-11-01)", "7d")
    .option("--by <group>", "group by model, provider or day", "model")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      `
Examples:
  openclaw usage
  openclaw usage --since 24h --by provider
  openclaw usage --since 2026-11-01 --by day --json

The ledger is <state>/usage.sqlite (gateway.ledger.path to move it); the gateway writes one row
per chat request.`,
    )
    .action(async (flags: UsageFlags) => {
      const by = flags.by.trim().toLowerCase();
      if (!(GROUPINGS as readonly string[]).includes(by)) {
        throw new UsageError(
          `--by must be one of ${GROUPINGS.join(", ")} (got "${flags.by}")`,
          "example: openclaw usage --by provider",
        );
      }
      const { runUsageCommand } = await import("./usage-run.js");
      runUsageCommand({
        since: flags.since,
        by: by as (typeof GROUPINGS)[number],
        json: flags.json === true,
      });
    });
}
