/**
 * Ending the process cleanly after the terminal it runs in was closed (a terminal window shut, an
 * ssh session dropped, `tmux kill-session`).
 *
 * On its way out, Node 20 puts back the terminal modes it found at start on each of stdin, stdout
 * and stderr that was a terminal, and aborts when that fails: on a hung-up terminal it fails
 * (EIO), so any exit, `process.exit(0)` included, ended in SIGABRT, or SIGSEGV when the ledger's
 * writer thread was torn down at the same moment. A terminal that is gone has no modes to put
 * back: the process ends by SIGHUP instead (the default action, no core), which is how a process
 * ends when its terminal closes, and what a shell shows as 129.
 */
import { fstatSync } from "node:fs";
import { isatty } from "node:tty";

const STDIO = [0, 1, 2] as const;

let terminalsAtStart: readonly number[] | undefined;

/** Whether `fd` is still open (a hung-up terminal is; a closed descriptor is not). */
function isOpen(fd: number): boolean {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a descriptor that was a terminal at start is open and no longer one: the terminal was
 * hung up (isatty then fails with EIO).
 */
export function terminalWasClosed(): boolean {
  return (terminalsAtStart ?? []).some((fd) => isOpen(fd) && !isatty(fd));
}

/**
 * Readline puts the terminal back out of raw mode as it closes, and does so when the input ends:
 * on a terminal that was closed, that throws EIO from inside a stream event, an uncaught error
 * that crashed the chat before it could save the turn being written. A terminal that is gone has
 * no mode to set; any other failure is thrown as before.
 */
export function toleratingHungUpTerminal(input: NodeJS.ReadStream): void {
  if (!input.isTTY) return;
  const setRawMode = input.setRawMode.bind(input);
  input.setRawMode = (mode: boolean) => {
    try {
      return setRawMode(mode);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EIO" && terminalWasClosed()) return input;
      throw error;
    }
  };
}

/** Ends the process now by SIGHUP's default action (terminate, no core dump). */
function endByHangup(): never {
  // With no listener left Node gives SIGHUP back its default action, at once.
  process.removeAllListeners("SIGHUP");
  process.kill(process.pid, "SIGHUP");
  // Not reached: a signal a process sends itself is delivered before kill() returns.
  process.exit(129);
}

/**
 * Notes which of stdin, stdout and stderr are terminals, and makes every later exit (an explicit
 * `process.exit`, or the event loop running empty) end by SIGHUP when one of them has since been
 * hung up. Call once, first thing.
 */
export function exitCleanlyAfterHangup(): void {
  if (terminalsAtStart !== undefined) return;
  terminalsAtStart = STDIO.filter((fd) => isatty(fd));
  if (terminalsAtStart.length === 0) return;
  // 'exit' runs before Node restores the terminal modes, on every way out but a signal's.
  process.on("exit", () => {
    if (terminalWasClosed()) endByHangup();
  });
}
