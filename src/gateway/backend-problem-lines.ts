/**
 * A config problem the gateway serves around (a provider disabled, an alias it does not take, a
 * default model left out), as its log says it: where it is written, what is wrong, what to do.
 * At start for a program's `log` and after each reload that applies, in the same words. Pure.
 */
import type { BackendProblem } from "./backend.js";

export function backendProblemLine(problem: BackendProblem): string {
  const hint = problem.hint ? `\n  hint: ${problem.hint}` : "";
  return `gateway: ${problem.where}: ${problem.message}${hint}`;
}
