import type { Command } from "commander";

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("check the setup: config, file permissions, keys, proxy and the gateway's port")
    .option(
      "--probe",
      "also try each provider's key against its endpoint (GET /models) and check the balance or plan quota left",
    )
    .option("--json", "print the findings as JSON")
    .addHelpText(
      "after",
      `
Examples:
  openclaw doctor
  openclaw doctor --probe
  openclaw doctor --json | jq '.findings[] | select(.level != "ok")'

Exit code 1 when something is broken (a "fail"); warnings alone exit 0. Nothing is changed:
every finding says what to do.`,
    )
    .action(async (flags: { probe?: boolean; json?: boolean }) => {
      const { runDoctorCommand } = await import("./doctor-run.js");
      await runDoctorCommand({ probe: flags.probe === true, json: flags.json === true });
    });
}
