import { type Command, Option } from "commander";
import { OpenClawError, UsageError } from "../../errors.js";
import type { OnboardRequest } from "../../onboard/index.js";
import { didYouMean } from "../../util/suggest.js";

const AUTH_CHOICES = [
  "moonshot-api-key",
  "moonshot-api-key-cn",
  "kimi-code-api-key",
  "custom-api-key",
  "skip",
];

/** The code of the interactive flow's "cancelled" error (kept out of the module loaded lazily). */
const CANCELLED = "onboard.cancelled";
/** The code of the interactive flow's wrapper of an error it has already shown. */
const FAILURE_SHOWN = "onboard.failure_shown";

interface OnboardOptions {
  nonInteractive?: boolean;
  acceptRisk?: boolean;
  authChoice?: string;
  moonshotApiKey?: string;
  kimiCodeApiKey?: string;
  customBaseUrl?: string;
  customApiKey?: string;
  customModelId?: string;
  customProviderId?: string;
  secretInputMode: string;
  skipHealth?: boolean;
  json?: boolean;
}

export function registerOnboard(program: Command): void {
  program
    .command("onboard")
    .description("set up a provider: store its key, add its models, make one the default")
    .option("--non-interactive", "do not prompt; take everything from flags and the environment")
    .option("--accept-risk", "acknowledge that non-interactive onboarding writes keys to disk")
    .option("--auth-choice <choice>", `what to set up: ${AUTH_CHOICES.join(", ")}`)
    .option("--moonshot-api-key <key>", "Moonshot key (else $MOONSHOT_API_KEY)")
    .option(
      "--kimi-code-api-key <key>",
      "Kimi Code key (else $KIMICODE_API_KEY, then $KIMI_API_KEY)",
    )
    .option("--custom-base-url <url>", "custom-api-key: base URL of an OpenAI-compatible API")
    .option("--custom-api-key <key>", "custom-api-key: its key (else $<ID>_API_KEY; optional)")
    .option("--custom-model-id <id>", "custom-api-key: the model to use")
    .option("--custom-provider-id <id>", "custom-api-key: provider id for refs (default: custom)")
    .addOption(
      // Checked in the action (not with .choices()) so that a wrong value is a JSON error too.
      new Option(
        "--secret-input-mode <mode>",
        "plaintext: store the key; ref: store only the env variable's name (choices: plaintext, ref; unset, a key in the config's env block is left there and referred to)",
      ).default("plaintext"),
    )
    .option("--skip-health", "do not check the key against the provider (offline setup)")
    .option("--json", "print a machine-readable summary (keys masked)")
    .addHelpText(
      "after",
      `
Examples:
  openclaw onboard --auth-choice moonshot-api-key
  openclaw onboard --auth-choice kimi-code-api-key
  openclaw onboard --non-interactive --accept-risk \\
      --auth-choice moonshot-api-key --moonshot-api-key "$KEY"
  openclaw onboard --non-interactive --accept-risk \\
      --auth-choice moonshot-api-key-cn --secret-input-mode ref
  openclaw onboard --non-interactive --accept-risk \\
      --auth-choice custom-api-key --custom-model-id my-model \\
      --custom-base-url https://llm.example.com/v1 --custom-api-key "$KEY"

The key is checked with GET /models unless --skip-health; an endpoint it cannot reach (or a
proxy refusing its login) only warns: the key is saved unchecked.
Built-in models that list does not have (ids the provider retired) are left out, with a warning
naming them and the listed ones to add with: openclaw models scan --provider <id> --add (the
default model is written all the same; the warning says what to run). Without a list (no
network, an error answer, --skip-health) all of them are written but those openclaw's list
marks retired, which every request would fail with 404.
Keys go to <state>/agents/main/agent/auth-profiles.json (mode 0600), never into the config.
Endpoints can be redirected (a proxy, a test server) with OPENCLAW_MOONSHOT_AI_BASE_URL,
OPENCLAW_MOONSHOT_CN_BASE_URL and OPENCLAW_KIMI_CODE_BASE_URL; the redirected URL is what gets
written.
Exit codes: 0 done, 1 failed or declined (nothing written), 2 usage mistake, 130 cancelled with
Ctrl-C, or Ctrl-D at a question (nothing written).`,
    )
    .action(async (options: OnboardOptions, command: Command) => {
      try {
        // The mode only when given: a key in the config's env block is then left there.
        const modeGiven = command.getOptionValueSource("secretInputMode") === "cli";
        await onboard(options, modeGiven);
      } catch (caught) {
        // The interactive flow closed its frame with the error: said once, there.
        const shown = caught instanceof OpenClawError && caught.code === FAILURE_SHOWN;
        const error = shown ? (caught as { shown?: unknown }).shown : caught;
        // Every failure, usage mistakes included, is a JSON object on stdout for scripts.
        if (options.json) await printJsonError(error);
        if (shown && error instanceof OpenClawError) {
          process.exitCode = error.exitCode;
          const { printDebugStack } = await import("../output.js");
          printDebugStack(error);
          return;
        }
        // A cancelled prompt has said so in the prompts' own frame: not again as an error.
        if (error instanceof OpenClawError && error.code === CANCELLED) {
          // 1 for a "no" at a prompt; 130 / 143 for Ctrl-C / SIGTERM, as agent and chat exit.
          const { processExitCode } = error as { processExitCode?: number };
          process.exitCode = processExitCode ?? error.exitCode;
          return;
        }
        throw error;
      }
    });
}

/** The failure object every command prints with --json (main() then says nothing more). */
async function printJsonError(error: unknown): Promise<void> {
  const [{ printJson }, { jsonError }] = await Promise.all([
    import("../output.js"),
    import("../../util/error-json.js"),
  ]);
  printJson({ ok: false, error: jsonError(error) });
}

async function onboard(options: OnboardOptions, modeGiven: boolean): Promise<void> {
  const choice = options.authChoice?.trim();
  if (choice !== undefined && !AUTH_CHOICES.includes(choice)) {
    const near = didYouMean(choice, AUTH_CHOICES);
    throw new UsageError(
      `unknown --auth-choice "${choice}"${near ? `: ${near}` : ""}`,
      `choose one of: ${AUTH_CHOICES.join(", ")}`,
    );
  }
  const secretInputMode = options.secretInputMode;
  if (secretInputMode !== "plaintext" && secretInputMode !== "ref") {
    throw new UsageError(
      `--secret-input-mode takes plaintext or ref, not "${secretInputMode}"`,
      "plaintext stores the key; ref stores only the name of the variable that holds it",
    );
  }
  const keyFlag = pickKeyFlag(choice, options);
  const request: OnboardRequest = {
    authChoice: choice ?? "",
    ...(keyFlag ? { key: keyFlag.value, keyOrigin: keyFlag.flag } : {}),
    ...(modeGiven ? { secretInputMode } : {}),
    custom: {
      ...(options.customBaseUrl !== undefined ? { baseUrl: options.customBaseUrl } : {}),
      ...(options.customModelId !== undefined ? { modelId: options.customModelId } : {}),
      ...(options.customProviderId !== undefined ? { providerId: options.customProviderId } : {}),
    },
    skipHealth: Boolean(options.skipHealth),
  };
  if (options.nonInteractive) {
    if (!options.acceptRisk) {
      throw new UsageError(
        "--non-interactive needs --accept-risk",
        "add --accept-risk to confirm that the key may be written to disk without a prompt",
      );
    }
    if (!choice) {
      throw new UsageError(
        "--non-interactive needs --auth-choice",
        `choose one of: ${AUTH_CHOICES.join(", ")}`,
      );
    }
    const [{ runOnboarding }, { startSpinner }] = await Promise.all([
      import("../../onboard/index.js"),
      import("../output.js"),
    ]);
    // The spinner starts with the key check's first request, after every refusal that needs no
    // network (a quoted key, a missing one): it never suggests those were checked. With --json
    // nothing but the JSON is written for the script, on a terminal too.
    let spinner: ReturnType<typeof startSpinner> | undefined;
    const startChecking = () => {
      spinner = startSpinner("Checking the key…");
    };
    let summary: Awaited<ReturnType<typeof runOnboarding>>;
    try {
      summary = await runOnboarding(
        options.json ? request : { ...request, onKeyCheckStart: startChecking },
      );
    } finally {
      spinner?.stop();
    }
    await print(summary, options.json);
    return;
  }
  // With --json the prompts go to stderr, so stdout holds only the JSON for scripts.
  const promptOutput = options.json ? process.stderr : process.stdout;
  if (!process.stdin.isTTY || !promptOutput.isTTY) {
    throw new UsageError("onboard needs a terminal to ask questions", withoutTerminalHint(choice));
  }
  const [{ runInteractiveOnboarding }, { printJson }, { onboardJson }] = await Promise.all([
    import("../onboard-interactive.js"),
    import("../output.js"),
    import("../onboard-json.js"),
  ]);
  // Chosen from the menu: the flags are held to that choice as they are to --auth-choice.
  const flagsFor = (picked: string): Pick<OnboardRequest, "key" | "keyOrigin"> => {
    const key = pickKeyFlag(picked, options, "menu");
    return key ? { key: key.value, keyOrigin: key.flag } : {};
  };
  const summary = await runInteractiveOnboarding(request, promptOutput, flagsFor);
  if (options.json) printJson(onboardJson(summary));
}

async function print(
  summary: import("../../onboard/index.js").OnboardSummary,
  json: boolean | undefined,
) {
  const { printJson } = await import("../output.js");
  if (json) {
    const { onboardJson } = await import("../onboard-json.js");
    printJson(onboardJson(summary));
    return;
  }
  const { printOnboardResult } = await import("../onboard-output.js");
  printOnboardResult(summary);
}

/** The key variable each built-in choice reads when its key flag is left out. */
const KEY_VARIABLES: Record<string, string> = {
  "moonshot-api-key": "MOONSHOT_API_KEY",
  "moonshot-api-key-cn": "MOONSHOT_API_KEY",
  "kimi-code-api-key": "KIMICODE_API_KEY",
};

/**
 * What to run where no questions can be asked (CI, a pipe): for a built-in --auth-choice, the
 * whole command, since "a key flag" leaves the reader to find which one.
 */
function withoutTerminalHint(choice: string | undefined): string {
  const variable = choice ? KEY_VARIABLES[choice] : undefined;
  const keyFlag = KEY_FLAGS.find((entry) => choice && entry.choices.includes(choice));
  if (!choice || !variable || !keyFlag) {
    return "run it in a terminal, or pass --non-interactive --accept-risk with --auth-choice and a key flag";
  }
  return `run it in a terminal, or without questions: openclaw onboard --non-interactive --accept-risk --auth-choice ${choice} ${keyFlag.flag} <key> (without ${keyFlag.flag}, the key is read from $${variable})`;
}

/** Flags that belong to some auth choices only: given with another choice, they are refused. */
const CHOICE_FLAGS: { flag: string; option: keyof OnboardOptions; choices: string[] }[] = [
  {
    flag: "--moonshot-api-key",
    option: "moonshotApiKey",
    choices: ["moonshot-api-key", "moonshot-api-key-cn"],
  },
  { flag: "--kimi-code-api-key", option: "kimiCodeApiKey", choices: ["kimi-code-api-key"] },
  { flag: "--custom-api-key", option: "customApiKey", choices: ["custom-api-key"] },
  { flag: "--custom-base-url", option: "customBaseUrl", choices: ["custom-api-key"] },
  { flag: "--custom-model-id", option: "customModelId", choices: ["custom-api-key"] },
  { flag: "--custom-provider-id", option: "customProviderId", choices: ["custom-api-key"] },
];

const KEY_FLAGS = CHOICE_FLAGS.filter((entry) => entry.flag.endsWith("-api-key"));

/**
 * Refuses (exit 2) a flag that does not go with `choice`, instead of leaving it unused without a
 * word: a key flag for another provider (keys never cross over), a --custom-* flag with a
 * built-in choice or skip.
 */
function refuseStrayFlags(
  choice: string,
  options: OnboardOptions,
  chosenBy: ChoiceSource = "flag",
): void {
  for (const entry of CHOICE_FLAGS) {
    if (options[entry.option] === undefined || entry.choices.includes(choice)) continue;
    const isKey = KEY_FLAGS.includes(entry);
    // Picked from the menu, the person typed no --auth-choice: say it was their pick.
    const against =
      chosenBy === "menu"
        ? `the provider picked above (--auth-choice ${choice})`
        : `--auth-choice ${choice}`;
    throw new UsageError(
      `${entry.flag} does not go with ${against}`,
      isKey
        ? `use ${entry.flag} with --auth-choice ${entry.choices[0]}; Moonshot and Kimi Code keys are not interchangeable`
        : `the --custom-* flags describe the endpoint of --auth-choice custom-api-key: leave ${entry.flag} out, or use --auth-choice custom-api-key`,
    );
  }
}

/** Whether the auth choice came from `--auth-choice` or from the terminal's menu. */
type ChoiceSource = "flag" | "menu";

function pickKeyFlag(
  choice: string | undefined,
  options: OnboardOptions,
  chosenBy: ChoiceSource = "flag",
): { flag: string; value: string } | undefined {
  if (choice) refuseStrayFlags(choice, options, chosenBy);
  // `--moonshot-api-key --json` takes "--json" as the key: no key starts with "-".
  for (const entry of KEY_FLAGS) {
    const value = options[entry.option];
    if (typeof value === "string" && value.startsWith("-")) {
      throw new UsageError(
        /^--?[a-z][a-z-]*$/.test(value)
          ? `${entry.flag} is followed by the flag ${value}, not by a key`
          : `the value of ${entry.flag} starts with "-": that is not a key`,
        `put the key right after the flag: ${entry.flag} <key>`,
      );
    }
  }
  if (choice === "kimi-code-api-key") {
    return options.kimiCodeApiKey !== undefined
      ? { flag: "--kimi-code-api-key", value: options.kimiCodeApiKey }
      : undefined;
  }
  if (choice === "custom-api-key") {
    return options.customApiKey !== undefined
      ? { flag: "--custom-api-key", value: options.customApiKey }
      : undefined;
  }
  if (choice === "moonshot-api-key" || choice === "moonshot-api-key-cn") {
    return options.moonshotApiKey !== undefined
      ? { flag: "--moonshot-api-key", value: options.moonshotApiKey }
      : undefined;
  }
  return undefined;
}
