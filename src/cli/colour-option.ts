/**
 * `--color[=when]` and `--no-color`, which every command takes, before or after its words
 * (`openclaw --no-color models list`, `openclaw models list --color=always`). As no-color.org
 * asks, the flag given for one run wins over NO_COLOR and FORCE_COLOR: it is read before
 * commander parses the line, and sets those variables for this process, so that every colour
 * decision (stdout, stderr's warnings and spinners, the prompts) follows it. `--colour` is the
 * same flag.
 */

/** The values `--color=` takes. */
export const COLOUR_CHOICES = ["auto", "always", "never"] as const;

export type ColourChoice = (typeof COLOUR_CHOICES)[number];

export interface ColourOptions {
  /** The line without the colour flags, for commander. */
  args: string[];
  /** The last colour flag's choice (as with any flag given twice), or undefined if none. */
  choice?: ColourChoice;
  /** A flag given a value it does not take (`--color=sometimes`), as typed. */
  badFlag?: string;
}

const COLOUR_FLAG = /^--(no-)?colou?r(?:=(.*))?$/s;

/**
 * The colour flags of a line (before a `--`, after which words are values), taken out of it.
 * `--no-color` is `never`; bare `--color` is `auto`, the default. The value may be the next word
 * (`--color always`, as `--color=always`) when that word is exactly one of the choices; any other
 * next word (`--color models list`) is left on the line, the flag then bare.
 */
export function takeColourOptions(argv: readonly string[]): ColourOptions {
  const args: string[] = [];
  let choice: ColourChoice | undefined;
  let badFlag: string | undefined;
  let ended = false;
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? "";
    const found = ended ? null : COLOUR_FLAG.exec(word);
    if (word === "--") ended = true;
    if (found === null) {
      args.push(word);
      continue;
    }
    const [, no, given] = found;
    // `--no-color=always` means nothing: refused as a value the flag does not take.
    if (no !== undefined) {
      if (given === undefined) choice = "never";
      else badFlag ??= word;
      continue;
    }
    const next = given === undefined ? nextWordChoice(argv[index + 1]) : undefined;
    if (next !== undefined) index++;
    const value = given ?? next;
    const picked = COLOUR_CHOICES.find((name) => name === (value ?? "auto").toLowerCase());
    if (picked === undefined) badFlag ??= word;
    else choice = picked;
  }
  return { args, ...(choice ? { choice } : {}), ...(badFlag ? { badFlag } : {}) };
}

/** The word after a bare `--color`, when it is exactly one of the choices (`always`). */
function nextWordChoice(word: string | undefined): ColourChoice | undefined {
  return COLOUR_CHOICES.find((name) => name === word);
}

/**
 * Sets the colour variables for this process as the flag asks: `never` as NO_COLOR=1, `always`
 * as FORCE_COLOR=1 (NO_COLOR, which would win over it, removed); `auto` leaves the environment
 * as it is.
 */
export function applyColourChoice(choice: ColourChoice | undefined, env = process.env): void {
  if (choice === "never") {
    env.NO_COLOR = "1";
    delete env.FORCE_COLOR;
  } else if (choice === "always") {
    delete env.NO_COLOR;
    env.FORCE_COLOR = "1";
  }
}

/** The usage mistake for `--color=sometimes`: the flag as given and the values it takes. */
export function badColourValue(flag: string): { message: string; hint: string } {
  const name = flag.slice(0, flag.indexOf("="));
  return {
    message: `option '${flag}' is not a colour choice`,
    hint: `${name} takes ${COLOUR_CHOICES.join(", ")} (${name}=never is --no-color; bare ${name} is auto)`,
  };
}
