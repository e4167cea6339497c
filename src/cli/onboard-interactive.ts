/**
 * The interactive onboarding flow: choose a provider (and the Moonshot region), enter the key
 * masked, see what will be written, confirm. Uses the same prepare/commit steps as the
 * non-interactive flow, so the two cannot drift apart.
 */
import { checkKeyShape, KIMI_CODE_KEY_PREFIX, maskKey } from "../auth/index.js";
import type { Env } from "../config/index.js";
import { isOpenClawError, OpenClawError } from "../errors.js";
import {
  type AuthChoice,
  BUILTIN_CHOICES,
  type BuiltinChoice,
  checkOnboardingTarget,
  commitOnboarding,
  customBaseUrlProblem,
  customEnvVar,
  customProviderIdProblem,
  type EnvKeyPlace,
  endpointBaseUrl,
  envKeyPlaceText,
  KeyCheckFailed,
  keyEnvVar,
  keyPromptName,
  type OnboardRequest,
  type OnboardSummary,
  onboardEndpointAddress,
  type PreparedOnboarding,
  prepareOnboarding,
  shownBaseUrl,
} from "../onboard/index.js";
import { hasKeyShapedName } from "../util/key-shaped-names.js";
import { clackUi } from "./clack-ui.js";
import { changesText, creditLines, fittedSummaryLines } from "./onboard-output.js";
import { visibleWidth } from "./output.js";
import { plainUi } from "./plain-prompts.js";
import { CANCEL, type Choice, isDumbTerminal, type PromptUi } from "./prompt-ui.js";

type Stream = NodeJS.WriteStream;

/** The key's origin when it was typed at the key prompt (named so in messages). */
const PROMPT_ORIGIN = "the prompt";

/**
 * Onboarding stopped before anything was written: by a "no" (exit 1), or by Ctrl-C (130) or
 * SIGTERM (143) at a prompt or during the key check, as `agent` and `chat` exit for them.
 */
export class Cancelled extends OpenClawError {
  /** The process's exit code: 1 for a "no", 130 / 143 for a signal (beyond OpenClawError's 1 | 2). */
  readonly processExitCode: 1 | 130 | 143;
  constructor(processExitCode: 1 | 130 | 143 = 1) {
    super("onboard.cancelled", "onboarding cancelled; nothing was written");
    this.processExitCode = processExitCode;
  }
}

/**
 * An error the flow has already shown, closing the prompts' frame: the command sets the exit
 * code (and prints --json's object) from `shown` without printing it again.
 */
export class FailureShown extends OpenClawError {
  readonly shown: OpenClawError;
  constructor(shown: OpenClawError) {
    super("onboard.failure_shown", shown.message, { exitCode: shown.exitCode });
    this.shown = shown;
  }
}

/** A prompt's answer; Ctrl-C (or Escape) at the prompt cancels onboarding with exit 130. */
function answer<T>(value: T | typeof CANCEL): T {
  if (value === CANCEL) throw new Cancelled(130);
  return value;
}

async function chooseAuth(ui: PromptUi, env: Env): Promise<AuthChoice> {
  const provider = answer(
    await ui.select<"moonshot" | "kimi-code" | "custom" | "skip">({
      message: "Which provider do you want to set up?",
      options: [
        fittedChoice(ui, "moonshot", "Moonshot (Kimi K2 API)", [
          "platform.moonshot.ai / .cn",
          "moonshot.ai / .cn",
        ]),
        fittedChoice(ui, "kimi-code", "Kimi Code", [
          "subscription for coding agents, sk-kimi- keys",
          "sk-kimi- keys",
        ]),
        { value: "custom", label: "Another OpenAI-compatible endpoint" },
        { value: "skip", label: "Skip for now" },
      ],
    }),
  );
  if (provider === "kimi-code") return "kimi-code-api-key";
  if (provider === "custom") return "custom-api-key";
  if (provider === "skip") return "skip";
  return chooseMoonshotRegion(ui, env);
}

/**
 * The columns a choice's label and hint are kept within on a wide terminal too: a line of 80,
 * after the five drawn before them (`│  ● ` by the prompts, `  1) ` line by line).
 */
const WIDE_CHOICE_ROOM = 75;

/**
 * A menu's choice with the first of `hints` (longest first) that leaves `label (hint)` on one line
 * of the menu as drawn (`ui.choiceRoom()`) and within 80 columns; with none when none does: the
 * prompts would go on over a second line in the middle of the hint.
 */
function fittedChoice<T>(
  ui: PromptUi,
  value: T,
  label: string,
  hints: readonly string[],
): Choice<T> {
  const room = Math.min(ui.choiceRoom(), WIDE_CHOICE_ROOM);
  const hint = hints.find((text) => visibleWidth(`${label} (${text})`) <= room);
  return hint === undefined ? { value, label } : { value, label, hint };
}

/**
 * A region's line in the menu: its name, and where its key will be checked as the key prompt
 * says it (`api.moonshot.ai`, or an override's `127.0.0.1:4010`), with the variable the address
 * comes from when the line still fits on one line of the menu as drawn (`ui.choiceRoom()`, what
 * the prompts leave of the terminal's width) and in 80 columns.
 */
function regionOption(
  ui: PromptUi,
  choice: "moonshot-api-key" | "moonshot-api-key-cn",
  label: string,
  env: Env,
): Choice<AuthChoice> {
  const { address, overrideVar } = onboardEndpointAddress(BUILTIN_CHOICES[choice].endpoint, env);
  const marked = overrideVar === undefined ? address : `${address}, from ${overrideVar}`;
  const room = Math.min(ui.choiceRoom(), WIDE_CHOICE_ROOM);
  const fits = visibleWidth(`${label} (${marked})`) <= room;
  return { value: choice, label, hint: fits ? marked : address };
}

async function chooseMoonshotRegion(ui: PromptUi, env: Env): Promise<AuthChoice> {
  return answer(
    await ui.select<AuthChoice>({
      message: "Which Moonshot region is your key from?",
      options: [
        regionOption(ui, "moonshot-api-key", "International", env),
        regionOption(ui, "moonshot-api-key-cn", "China", env),
      ],
    }),
  );
}

/**
 * The refusal of a key pasted at a question for `what` (a URL, a model id): the key prompt comes
 * after these questions. The answer is not repeated; the clack prompt draws it covered.
 */
function pastedKeyProblem(value: string | undefined, what: string): string | undefined {
  return value !== undefined && hasKeyShapedName(value)
    ? `that looks like an API key, not ${what}: paste the key at the API key prompt, after these questions`
    : undefined;
}

async function askCustom(request: OnboardRequest, ui: PromptUi): Promise<void> {
  const custom = { ...request.custom };
  if (!custom.baseUrl) {
    custom.baseUrl = answer(
      await ui.text({
        message: "Base URL of the OpenAI-compatible API",
        placeholder: "https://llm.example.com/v1",
        validate: (value) => {
          const pastedKey = pastedKeyProblem(value, "a URL");
          if (pastedKey) return pastedKey;
          const typed = customBaseUrlProblem(value ?? "");
          if (typed)
            return typed.suggested
              ? `${typed.message}: use ${shownBaseUrl(typed.suggested)}`
              : typed.message;
          try {
            const url = new URL(value ?? "");
            return url.protocol === "http:" || url.protocol === "https:"
              ? undefined
              : "use http:// or https://";
          } catch {
            return "that is not a URL (e.g. https://llm.example.com/v1)";
          }
        },
      }),
    );
  }
  if (!custom.modelId) {
    custom.modelId = answer(
      await ui.text({
        message: "Model id",
        validate: (value) =>
          pastedKeyProblem(value, "a model id") ??
          (value && !/\s/.test(value) ? undefined : "a model id without spaces"),
      }),
    );
  }
  if (!custom.providerId) {
    custom.providerId = answer(
      await ui.text({
        message: "Provider id (used in refs: <id>/<model>)",
        defaultValue: "custom",
        placeholder: "custom",
        // The rule --custom-provider-id is held to, asked again here instead of failing later.
        validate: (value) => {
          const id = value?.trim() ?? "";
          if (id === "") return undefined; // the default, custom
          const pastedKey = pastedKeyProblem(id, "a provider id");
          if (pastedKey) return pastedKey;
          const problem = customProviderIdProblem(id);
          if (problem === "shape")
            return 'letters, digits, "-" and "_" only, starting with a letter or digit (e.g. my-llm)';
          if (problem === "builtin")
            return `"${id.toLowerCase()}" is a built-in provider: choose it in the first question, or pick another id`;
          if (problem === "reserved")
            return '"openclaw" names the default model and its fallbacks: pick another id (e.g. my-llm)';
          return undefined;
        },
      }),
    );
  }
  request.custom = custom;
}

/**
 * A key pasted for one built-in provider that is plainly the other's (sk-kimi- for Moonshot, a
 * Moonshot sk- key for Kimi Code): the provider it belongs to, to offer; undefined otherwise.
 */
function otherProviderOfKey(choice: AuthChoice, key: string): "moonshot" | "kimi-code" | undefined {
  if (choice === "custom-api-key" || choice === "skip") return undefined;
  const problem = checkKeyShape(BUILTIN_CHOICES[choice].providerId, key);
  if (problem?.code === "key_kimi_for_moonshot") return "kimi-code";
  if (problem?.code === "key_moonshot_for_kimi") return "moonshot";
  return undefined;
}

/**
 * Whether a key found in the provider's variable is offered: one of a good shape, and a Kimi Code
 * key without sk-kimi- (a proxy's own, or a Moonshot key kept in kimi-cli's $KIMI_API_KEY), which
 * the key check then settles as it does for one typed: stored when Kimi Code takes it, the
 * Moonshot region offered when Moonshot does.
 */
function offeredFromEnv(providerId: string, key: string): boolean {
  const problem = checkKeyShape(providerId, key);
  return problem === undefined || problem.code === "key_moonshot_for_kimi";
}

/**
 * The variable of `from` whose key goes with a switch to `to` when `to` reads another variable:
 * a Moonshot key found in $KIMI_API_KEY is set up for Moonshot as the key that was checked, not
 * as whatever $MOONSHOT_API_KEY holds (another key, or none), and read from that variable as a key
 * taken from it directly is (said to be from it, a reference when the config's env block sets it
 * or --secret-input-mode ref asks for one: to this variable, where the key is, not to
 * $MOONSHOT_API_KEY). Nothing to carry for a key given by flag or typed (it is in the request
 * already), nor one carried already.
 */
function envKeyCarried(
  request: OnboardRequest,
  from: AuthChoice,
  to: BuiltinChoice["choice"],
  env: Env,
): Pick<OnboardRequest, "keyVariable"> {
  if (request.key !== undefined || request.keyVariable !== undefined) return {};
  if (from === "custom-api-key" || from === "skip") return {};
  const fromVar = keyEnvVar(BUILTIN_CHOICES[from], env);
  if (fromVar === keyEnvVar(BUILTIN_CHOICES[to], env)) return {};
  return env[fromVar]?.trim() ? { keyVariable: fromVar } : {};
}

/**
 * Asks for the key (unless a flag or the environment gave it) and returns the choice to set up:
 * the one made, or the other built-in provider when the key pasted is plainly its key and the
 * user takes the offer to set that up instead.
 */
async function askKey(
  request: OnboardRequest,
  initialChoice: AuthChoice,
  env: Env,
  ui: PromptUi,
  /** Where a key variable's value is set: the shell, or the config's env block (checkOnboardingTarget). */
  keyPlaceOf: (envVar: string) => EnvKeyPlace,
): Promise<AuthChoice> {
  let choice = initialChoice;
  if (request.key !== undefined || choice === "skip") return choice;
  const providerId =
    choice === "custom-api-key"
      ? (request.custom?.providerId ?? "custom")
      : BUILTIN_CHOICES[choice].providerId;
  const envVar =
    choice === "custom-api-key"
      ? customEnvVar(providerId)
      : keyEnvVar(BUILTIN_CHOICES[choice], env);
  const fromEnv = env[envVar]?.trim();
  // With --secret-input-mode ref the variable is the only key there can be, so there is nothing
  // to choose: the summary names the reference and asks before writing. (A "no" here ended in
  // "needs $VAR to be set" for a variable that was set.)
  if (request.secretInputMode === "ref" && fromEnv) return choice;
  if (fromEnv && offeredFromEnv(providerId, fromEnv)) {
    const use = answer(
      await ui.confirm({
        // The spec page's snippet puts the key in the config's env block: offered from there, by
        // its file and line, as the shell's variable is (a placeholder is no key: not offered).
        message: `Use the key in ${envKeyPlaceText(keyPlaceOf(envVar))} (${maskKey(fromEnv)})?`,
        initialValue: true,
      }),
    );
    if (use) return choice; // prepareOnboarding reads it from the environment
  }
  if (request.secretInputMode === "ref") {
    throw new OpenClawError(
      "onboard.ref_needs_env",
      `--secret-input-mode ref needs $${envVar} to be set`,
      {
        hint: `export ${envVar}=<key>, then run: openclaw onboard --secret-input-mode ref`,
        exitCode: 2,
      },
    );
  }
  for (;;) {
    const asked = choice;
    // Spaces or a line break around a pasted key are never part of it: dropped, not refused (the
    // mask hides where they are). Spaces inside it are still refused.
    // (An empty answer comes back as undefined.)
    const typed: string | undefined = answer(
      await ui.password({
        message:
          asked === "custom-api-key"
            ? "API key (leave empty if the endpoint needs none)"
            : // Which key, from where: the command alone (the spec page's) does not say.
              keyPromptName(BUILTIN_CHOICES[asked], env),
        validate: (value) => {
          const trimmed = value?.trim() ?? "";
          if (asked === "custom-api-key" && !trimmed) return undefined;
          // The other provider's key is offered a switch below instead of a dead end here.
          if (otherProviderOfKey(asked, trimmed)) return undefined;
          return checkKeyShape(providerId, trimmed)?.message;
        },
      }),
    );
    const key = typed?.trim() ?? "";
    const belongsTo = otherProviderOfKey(asked, key);
    if (belongsTo) {
      const switchTo = answer(
        await ui.confirm({
          message:
            belongsTo === "kimi-code"
              ? `That is a Kimi Code key (${KIMI_CODE_KEY_PREFIX}…): set up Kimi Code with it instead?`
              : "That looks like a Moonshot key: set up Moonshot with it instead?",
          initialValue: true,
        }),
      );
      if (switchTo) {
        choice =
          belongsTo === "kimi-code" ? "kimi-code-api-key" : await chooseMoonshotRegion(ui, env);
      } else if (belongsTo === "kimi-code") {
        // No to an sk-kimi- key under Moonshot: Moonshot refuses such a key whatever the check
        // says, so it is asked again.
        continue;
      }
      // No to Moonshot for a Kimi Code key without sk-kimi- (a proxy may issue keys of its
      // own): it stays Kimi Code's, and the key check decides, as with --non-interactive; if the
      // check refuses it, what it said is shown and another key can be typed.
    }
    if (key) {
      request.key = key;
      request.keyOrigin = PROMPT_ORIGIN;
    }
    return choice;
  }
}

function otherRegion(choice: AuthChoice): BuiltinChoice["choice"] | undefined {
  if (choice === "moonshot-api-key") return "moonshot-api-key-cn";
  if (choice === "moonshot-api-key-cn") return "moonshot-api-key";
  return undefined;
}

/** Exit codes for the signals that stop the key check or the wait for a lock. */
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Runs `work` so that Ctrl-C or SIGTERM meanwhile aborts its signal and cancels onboarding
 * (130 / 143) at once, whatever `work` is doing then.
 */
async function stoppable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let stopWith: ((error: Cancelled) => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    stopWith = reject;
  });
  const onSignal = (signal: keyof typeof STOP_SIGNALS) => () => {
    controller.abort(new Error(`stopped by ${signal}`));
    stopWith?.(new Cancelled(STOP_SIGNALS[signal]));
  };
  const onSigint = onSignal("SIGINT");
  const onSigterm = onSignal("SIGTERM");
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  const running = work(controller.signal);
  // Once stopped, the work's own ending (aborted) is of no interest.
  running.catch(() => {});
  try {
    return await Promise.race([running, stopped]);
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigterm);
  }
}

/**
 * Prepares (checks the key) with a spinner. Ctrl-C or SIGTERM meanwhile ends the check's requests
 * and cancels onboarding (130 / 143) before anything is written. (The prompts' own spinner is not
 * used: it takes Ctrl-C and exits 0.)
 */
async function prepareWithSpinner(
  request: OnboardRequest,
  ui: PromptUi,
): Promise<PreparedOnboarding> {
  const checking = !request.skipHealth && request.authChoice !== "skip";
  let spin: ReturnType<PromptUi["spinner"]> | undefined;
  try {
    // The spinner starts with the key check's first request: once Ctrl-C is handled (a person,
    // or a test, who sees it and presses Ctrl-C at once must get the cancel, not a process killed
    // by the signal), and after every refusal that needs no network (a quoted key given by flag),
    // which is then not shown under a "Checking" line.
    const prepared = await stoppable((signal) =>
      prepareOnboarding({
        ...request,
        signal,
        onKeyCheckStart: () => {
          spin = ui.spinner("Checking the key…");
        },
      }),
    );
    spin?.stop();
    const { check, warnings } = prepared.summary;
    // What is left to spend under the message, in the lines --non-interactive prints.
    if (checking && check.status === "valid")
      ui.log.success([check.message, ...creditLines(prepared.summary, ui.logRoom(), 0)].join("\n"));
    // A key that could not be checked (the endpoint unreachable) is no success: said as the
    // warning it is, once (the warnings below mostly say it already, with what to do).
    else if (checking && !warnings.some((warning) => warning.startsWith(check.message)))
      ui.log.warn(check.message);
    return prepared;
  } catch (error) {
    spin?.stop();
    // A failed key check is said here, once; any other error closes the frame, with its hint.
    if (error instanceof KeyCheckFailed) ui.log.error(error.message);
    throw error;
  }
}

/**
 * Writes the files. When another openclaw process is changing one of them, says so and waits for
 * it (up to the lock's bound); Ctrl-C or SIGTERM meanwhile cancels onboarding with nothing written
 * and no lock of ours left.
 */
async function commitStoppably(
  prepared: PreparedOnboarding,
  ui: PromptUi,
  output: Stream,
): Promise<OnboardSummary> {
  let waited = false;
  try {
    return await stoppable((signal) =>
      commitOnboarding(prepared, {
        signal,
        onWait: ({ file, pid }) => {
          waited = true;
          ui.log.info(
            `another openclaw process${pid === undefined ? "" : ` (pid ${pid})`} is changing ${file}; waiting for it to finish (Ctrl-C to stop)`,
          );
        },
      }),
    );
  } catch (error) {
    // The terminal echoed ^C on the line the cancel is about to draw on: clear it first.
    if (waited && error instanceof Cancelled && ui.canErase) output.write("\r\u001b[2K");
    throw error;
  }
}

/**
 * When the endpoint does not list the custom model id but lists ids close to it (a typo), asks
 * which to use: the close one picked, or undefined to keep the id as typed (a warning says so).
 */
async function offerListedModel(
  prepared: PreparedOnboarding,
  ui: PromptUi,
): Promise<string | undefined> {
  const offer = prepared.modelNotListed;
  if (!offer || offer.closeMatches.length === 0) return undefined;
  const picked = answer(
    await ui.select<string>({
      message: `The endpoint does not list the model ${offer.modelId}. Which model do you mean?`,
      options: [
        ...offer.closeMatches.map((id) => ({ value: id, label: id })),
        { value: offer.modelId, label: offer.modelId, hint: "keep it as typed" },
      ],
    }),
  );
  return picked === offer.modelId ? undefined : picked;
}

/** Whether the other Moonshot region is worth offering: it took the key, or could not say. */
function otherRegionMayTakeIt(failure: KeyCheckFailed): boolean {
  return (
    failure.check.status === "wrong_region" ||
    (failure.check.unchecked ?? []).some((alternative) => alternative.relation === "region")
  );
}

/**
 * The built-in choice to offer instead of `choice` when its key check failed: the other Moonshot
 * region when it took the key or could not say, or the other provider whose endpoint took it (a
 * Moonshot key typed for Kimi Code); undefined when there is none to offer.
 */
function choiceToOffer(
  choice: AuthChoice,
  failure: KeyCheckFailed,
  env: Env,
): BuiltinChoice["choice"] | undefined {
  const region = otherRegion(choice);
  if (region && otherRegionMayTakeIt(failure)) return region;
  if (failure.check.status !== "wrong_provider") return undefined;
  const takenAt = failure.check.acceptedBy?.baseUrl;
  return Object.values(BUILTIN_CHOICES).find(
    (other) => other.choice !== choice && endpointBaseUrl(other.endpoint, env) === takenAt,
  )?.choice;
}

/**
 * Runs the prompts. `output` is where they are drawn (default stdout); `--json` passes stderr so
 * that stdout carries only the JSON.
 */
export async function runInteractiveOnboarding(
  initial: OnboardRequest,
  output: Stream = process.stdout,
  /**
   * For a choice made in the menu: the key its flag gave; throws (a usage error) when a flag given
   * does not go with it, as with --auth-choice.
   */
  flagsFor?: (choice: AuthChoice) => Pick<OnboardRequest, "key" | "keyOrigin">,
): Promise<OnboardSummary> {
  // A broken config (or a state directory that cannot be written) is said before any question.
  // Keys are read from the shell's environment with the config's env block, as the flow reads them.
  const { env, keyPlaceOf } = checkOnboardingTarget(initial);
  // A dumb terminal shows cursor movement and box drawing as garbage: asked line by line there.
  const ui: PromptUi = isDumbTerminal() ? plainUi(process.stdin, output) : clackUi(output);
  ui.intro("OpenClaw onboarding");
  try {
    const request: OnboardRequest = { ...initial };
    let choice: AuthChoice;
    if (request.authChoice) choice = request.authChoice as AuthChoice;
    else {
      choice = await chooseAuth(ui, env);
      Object.assign(request, flagsFor?.(choice));
    }
    request.authChoice = choice;
    if (choice === "custom-api-key") await askCustom(request, ui);
    choice = await askKey(request, choice, env, ui, keyPlaceOf);
    request.authChoice = choice;

    let prepared: PreparedOnboarding;
    for (;;) {
      try {
        prepared = await prepareWithSpinner(request, ui);
        const model = await offerListedModel(prepared, ui);
        if (model === undefined) break;
        request.custom = { ...request.custom, modelId: model };
      } catch (error) {
        if (!(error instanceof KeyCheckFailed)) throw error;
        // The spinner has said what is wrong. What follows is a choice here, not a command to
        // run again: the other region when it may take the key, or the other provider when its
        // endpoint took it, else what to check.
        const switchTo = choiceToOffer(choice, error, env);
        if (switchTo) {
          const yes = answer(
            await ui.confirm({
              message: `Use ${keyPromptName(BUILTIN_CHOICES[switchTo], env)} instead?`,
            }),
          );
          if (yes) {
            Object.assign(request, envKeyCarried(request, choice, switchTo, env));
            choice = switchTo;
            request.authChoice = choice;
            continue;
          }
        } else if (error.check.hint) {
          // Labelled as every hint is: bare under the error, it read as the error's own words.
          ui.log.info(`hint: ${error.check.hint}`);
        }
        // A key typed at the prompt that was refused is most often a slip of the copy: another
        // try here, rather than the whole onboarding again.
        if (request.keyOrigin === PROMPT_ORIGIN && !error.keyless) {
          const again = answer(
            await ui.confirm({ message: "Enter another key?", initialValue: true }),
          );
          if (again) {
            delete request.key;
            delete request.keyOrigin;
            choice = await askKey(request, choice, env, ui, keyPlaceOf);
            request.authChoice = choice;
            continue;
          }
        }
        const anyway = answer(
          await ui.confirm({
            message: error.keyless ? "Save it without a key anyway?" : "Save the key anyway?",
            initialValue: false,
          }),
        );
        if (!anyway) throw new Cancelled();
        request.skipHealth = true;
        request.savedAfterRefusal = true;
      }
    }
    for (const warning of prepared.summary.warnings) ui.log.warn(warning);
    if (choice === "skip") {
      ui.outro("Skipped: nothing was configured. Set up a provider later with: openclaw onboard");
      return prepared.summary;
    }
    // Wrapped as the non-interactive result is, to the room inside the note's box (its bars and
    // margins take 6 columns): the box's own wrapping would put a change's further lines at its
    // left edge, under the `- `.
    const summaryText = (room: number) => {
      const changes = changesText(prepared.summary, room);
      return [...fittedSummaryLines(prepared.summary, room), ...(changes ? [changes] : [])].join(
        "\n",
      );
    };
    const noteRoom = ui.noteRoom();
    const inNote = summaryText(noteRoom);
    // The box cuts a line wider than it anywhere, mid-word; a path wider than its room is shown
    // in the log instead, which leaves it whole (the terminal wraps it, to be copied as one).
    if (inNote.split("\n").every((line) => visibleWidth(line) <= noteRoom)) {
      ui.note(inNote, "About to write");
    } else {
      ui.log.step(`About to write\n${summaryText(ui.logRoom())}`);
    }
    if (!prepared.files) {
      ui.outro("Already set up: nothing needed to change.");
      return prepared.summary;
    }
    const write = answer(await ui.confirm({ message: "Write these changes?", initialValue: true }));
    if (!write) throw new Cancelled();
    const summary = await commitStoppably(prepared, ui, output);
    ui.outro("Saved. Check it with: openclaw models status");
    return summary;
  } catch (error) {
    if (error instanceof Cancelled) {
      ui.cancel(error.message);
      throw error;
    }
    // The frame is closed with the error and its hint, rather than left open with the error
    // printed under its last bar; the command then only sets the exit code (and --json's object).
    if (isOpenClawError(error)) {
      ui.fail(error);
      throw new FailureShown(error);
    }
    // Not one a person can cause (a bug): printed as such on stderr, with what to report. The
    // prompts may be on stdout (redirected elsewhere), so the stream is named, not a place.
    ui.cancel("stopped by an unexpected error (the error: line on stderr says what it was)");
    throw error;
  }
}
