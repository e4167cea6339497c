import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import {
  USAGE_GROUPINGS as GROUPINGS,
  groupingMeant,
  usageGroupingNamed,
} from "../../gateway/usage-groupings.js";
import {
  LISTED_BY_DEFAULT,
  MAX_LISTED_REQUESTS as MAX_LISTED,
} from "../../gateway/usage-listed.js";

interface UsageFlags {
  since: string;
  by: string;
  json?: boolean;
  last?: string;
  errors?: boolean;
}

/**
 * Decimal digits only, as --port takes them. Number() also reads "0x10" (16), "1e3" (1000),
 * " 5" and "0b11", which a person typing a count does not mean; those are refused with the
 * plain number they read as.
 */
const PLAIN_COUNT = /^[0-9]+$/;

function parseLast(value: string | undefined, errors: boolean): number | undefined {
  if (value === undefined) return errors ? LISTED_BY_DEFAULT : undefined;
  const count = PLAIN_COUNT.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > MAX_LISTED) {
    const read = Number(value.trim() === "" ? Number.NaN : value);
    if (Number.isInteger(read) && read >= 1 && read <= MAX_LISTED)
      throw new UsageError(
        `--last takes a count in plain digits (got "${value}", which reads as ${read})`,
        `write --last ${read}`,
      );
    throw new UsageError(
      `--last must be a whole number from 1 to ${MAX_LISTED} (got "${value}")`,
      errors ? "example: openclaw usage --errors --last 20" : "example: openclaw usage --last 20",
    );
  }
  return count;
}

export function registerUsage(program: Command): void {
  program
    .command("usage")
    .description(
      "report the gateway's requests, tokens and cost from its usage ledger (agent and chat calls are not in it)",
    )
    .option(
      "--since <when>",
      "a duration (30m, 24h, 7d, 2w) or a date in local time (2026-11-01, 2026-11-01T09:30)",
      "7d",
    )
    .option(
      "--by <group>",
      "group by model, provider, client (the request's `user` field, else its address), api (chat_completions, responses, messages or completions) or day",
      "model",
    )
    .option("--json", "print the report as JSON")
    .option("--last <n>", "list the latest n requests one by one instead of totals (not with --by)")
    .option(
      "--errors",
      "list only failed requests, not those the client cancelled (the latest 20 unless --last says)",
    )
    .addHelpText(
      "after",
      `
Examples:
  openclaw usage
  openclaw usage --since 24h --by provider
  openclaw usage --since 30d --by client   # who spent what: the \`user\` each app sends
  openclaw usage --since 7d --by api       # /v1/chat/completions, /v1/responses, /v1/messages, /v1/completions
  openclaw usage --since 2026-11-01 --by day --json
  openclaw usage --last 20              # each request: status, model, latency, tokens, trace id
  openclaw usage --errors --since 24h   # what failed today, with the provider's trace ids

Only requests sent through openclaw gateway are counted: openclaw agent and openclaw chat call
the provider directly and are not in the ledger (they show their own tokens and cost).
Times are local (TZ), the zone named once; --by day groups by local day; --json times are ISO
in UTC. The ledger is <state>/usage.sqlite (gateway.ledger.path to move it); the gateway writes
one row per chat request. Rows written before the ledger recorded the API count as "(not recorded)"
under --by api. Cost reads "plan" where a Kimi Code plan's quota paid instead of tokens, and
"$0.0042 + plan" for a group that used both; a request refused without a token used neither.
Requests the client cancelled (status 499) count as Cancelled, not Errors.`,
    )
    .action(async (flags: UsageFlags, command: Command) => {
      const by = usageGroupingNamed(flags.by);
      if (by === undefined) {
        const meant = groupingMeant(flags.by.trim().toLowerCase());
        throw new UsageError(
          `--by must be one of ${GROUPINGS.join(", ")} (got "${flags.by}")`,
          meant === undefined
            ? "example: openclaw usage --by provider"
            : `did you mean ${meant}? openclaw usage --by ${meant}`,
        );
      }
      const last = parseLast(flags.last, flags.errors === true);
      // A list of requests has no groups: --by there would be silently ignored.
      if (last !== undefined && command.getOptionValueSource("by") === "cli") {
        // The list as asked (--errors, --last, --since kept), only --by left out.
        const listed = [
          "openclaw usage",
          ...(flags.errors === true ? ["--errors"] : []),
          ...(flags.last !== undefined ? [`--last ${last}`] : []),
          ...(command.getOptionValueSource("since") === "cli" ? [`--since ${flags.since}`] : []),
        ].join(" ");
        throw new UsageError(
          `--by cannot go with ${flags.last !== undefined ? "--last" : "--errors"}: they list requests one by one, --by groups totals`,
          `for totals: openclaw usage --since ${flags.since} --by ${by}; for ${flags.errors === true ? "failed " : ""}requests: ${listed}`,
        );
      }
      const { runUsageCommand, runRecentCommand } = await import("./usage-run.js");
      if (last !== undefined) {
        runRecentCommand({
          since: flags.since,
          limit: last,
          errorsOnly: flags.errors === true,
          json: flags.json === true,
        });
        return;
      }
      runUsageCommand({
        since: flags.since,
        by,
        json: flags.json === true,
      });
    });
}
