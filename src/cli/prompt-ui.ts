/**
 * The few prompt kinds interactive onboarding uses, behind one interface: drawn by
 * @clack/prompts on a capable terminal, or asked line by line on a dumb one (TERM=dumb: Emacs'
 * M-x shell, some CI consoles and editors' embedded terminals), which would show clack's cursor
 * movement and box drawing as garbage.
 */

/** What a prompt answers when the person cancelled it (Ctrl-C, Escape, end of input). */
export const CANCEL: unique symbol = Symbol("prompt cancelled");

export type Answer<T> = T | typeof CANCEL;

export interface Choice<T> {
  value: T;
  label: string;
  hint?: string;
}

/** A check of an answer: the problem to show (and ask again), or undefined to take it. */
export type Validate = (value: string | undefined) => string | undefined;

export interface TextPrompt {
  message: string;
  placeholder?: string;
  /** Given back for an empty answer. */
  defaultValue?: string;
  validate?: Validate;
}

export interface Spinner {
  stop(): void;
}

export interface PromptUi {
  select<T>(prompt: { message: string; options: Choice<T>[] }): Promise<Answer<T>>;
  text(prompt: TextPrompt): Promise<Answer<string>>;
  /** A secret: never shown as typed. An empty answer is undefined. */
  password(prompt: { message: string; validate?: Validate }): Promise<Answer<string | undefined>>;
  /** `initialValue` (default yes) is the answer to a bare Enter. */
  confirm(prompt: { message: string; initialValue?: boolean }): Promise<Answer<boolean>>;
  intro(title: string): void;
  outro(message: string): void;
  /** Ends the flow after a cancel. */
  cancel(message: string): void;
  /** Ends the flow on an error: its message, where it is and what to do, as `error:` prints them. */
  fail(error: { message: string; where?: string; hint?: string }): void;
  note(text: string, title: string): void;
  log: Record<"success" | "error" | "info" | "warn" | "step", (message: string) => void>;
  /** A wait on the network; drawn only where a line can be redrawn. */
  spinner(text: string): Spinner;
  /** The columns a note's text has, and a log message's. */
  noteRoom(): number;
  logRoom(): number;
  /**
   * The columns a menu choice's label and hint (`label (hint)`) have on the line drawn for it,
   * after what the prompts draw before them: wider, the choice goes on over a second line.
   */
  choiceRoom(): number;
  /** Whether the terminal can wipe a line (the ^C it echoed while waiting). */
  readonly canErase: boolean;
}

/** Whether prompts must be asked line by line: the terminal cannot move the cursor. */
export function isDumbTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TERM === "dumb";
}
