/**
 * Refuses a request body nested too deep to walk safely, parsed or still text, naming where it
 * nests so (`tools[0].function.parameters`). Pure.
 */
import { badRequest, type GatewayHttpError } from "./http-error.js";
import { nestingPastLimit } from "./text-nesting.js";

type Obj = Record<string, unknown>;

/**
 * How deep a request body may nest objects and arrays, counted from the body itself (1). Real
 * requests stay far below it (a tool schema ten properties deep is about 25 levels); a body
 * nested thousands deep would overflow the stack of whatever walks it recursively on the way
 * upstream (JSON.stringify included), so it is refused up front, naming where.
 */
export const MAX_BODY_DEPTH = 100;

interface Nested {
  value: object;
  depth: number;
  parent: Nested | undefined;
  step: string | number;
}

/** Indices in a row a path shows before `…`: arrays nested 1e5 deep made it 800 characters. */
const MAX_INDICES_IN_A_ROW = 3;

/**
 * `tools[0].function.parameters`: the way to `at`, up to its third name; a run of indices longer
 * than MAX_INDICES_IN_A_ROW ends it with `…` (`messages[0][0][0]…`), the depth said apart.
 */
function pathOf(at: Nested): string {
  const steps: Array<string | number> = [];
  for (let node: Nested | undefined = at; node?.parent; node = node.parent) steps.push(node.step);
  return pathOfSteps(steps.reverse());
}

/** The path `pathOf` shows for the keys and indices `steps`, from the body down. */
function pathOfSteps(steps: readonly (string | number)[]): string {
  let path = "";
  let names = 0;
  let indicesInARow = 0;
  for (const step of steps) {
    if (names === 3) break;
    if (typeof step === "number") {
      if (indicesInARow === MAX_INDICES_IN_A_ROW) return `${path}…`;
      path += `[${step}]`;
      indicesInARow++;
    } else {
      path += path === "" ? step : `.${step}`;
      names++;
      indicesInARow = 0;
    }
  }
  return path;
}

/** Whether `body` nests objects and arrays past `maxDepth` levels (no allocation per node). */
function nestsDeeper(body: unknown, maxDepth: number): boolean {
  const values: unknown[] = [body];
  const depths: number[] = [1];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    if (typeof value !== "object" || value === null) continue;
    if (depth > maxDepth) return true;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (typeof child === "object" && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in value) {
        const child: unknown = (value as Obj)[key];
        if (typeof child === "object" && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}

/** How many levels of objects and arrays `value` holds, itself included; iterative, as below. */
function levelsIn(value: unknown): number {
  const values: unknown[] = [value];
  const depths: number[] = [1];
  let deepest = 0;
  while (values.length > 0) {
    const current = values.pop();
    const depth = depths.pop() as number;
    if (typeof current !== "object" || current === null) continue;
    if (depth > deepest) deepest = depth;
    for (const child of Object.values(current as Obj)) {
      values.push(child);
      depths.push(depth + 1);
    }
  }
  return deepest;
}

/**
 * The path to the part of `body` that nests past `maxDepth` levels ("" for the body itself), and
 * how many levels the body has down that way (the deepest level under that part).
 */
function tooDeepAt(body: unknown, maxDepth: number): { path: string; depth: number } | undefined {
  if (typeof body !== "object" || body === null || !nestsDeeper(body, maxDepth)) return undefined;
  // Only for a body to refuse: the walk again, keeping the way to name the field.
  // Iterative: a recursive walk would overflow on exactly the bodies it is here to refuse.
  const stack: Nested[] = [{ value: body, depth: 1, parent: undefined, step: "" }];
  while (stack.length > 0) {
    const node = stack.pop() as Nested;
    if (node.depth > maxDepth)
      return { path: pathOf(node), depth: node.depth - 1 + levelsIn(node.value) };
    const value = node.value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (typeof child === "object" && child !== null)
          stack.push({ value: child, depth: node.depth + 1, parent: node, step: i });
      }
    } else {
      for (const key in value) {
        const child: unknown = (value as Obj)[key];
        if (typeof child === "object" && child !== null)
          stack.push({ value: child, depth: node.depth + 1, parent: node, step: key });
      }
    }
  }
  return undefined;
}

/** Refuses a body nested deeper than MAX_BODY_DEPTH, naming the field where it does. */
export function checkNesting(body: unknown): void {
  const found = tooDeepAt(body, MAX_BODY_DEPTH);
  if (found !== undefined) throw tooDeep(found);
}

/**
 * Levels past which a body is refused from its text, unparsed. Parsing 1,000 levels takes about a
 * millisecond; a body nested less deep is parsed and refused by `checkNesting`, so that its
 * ledger row still names the model and client it was for.
 */
const MAX_PARSED_DEPTH = 1000;

/**
 * `checkNesting` on a body's text, before it is parsed, for a body nested past MAX_PARSED_DEPTH:
 * parsing 8 MB of `[` blocked the event loop for 5 s (see text-nesting.ts). The same answer.
 */
export function checkNestingOfText(text: string): void {
  const found = nestingPastLimit(text, MAX_BODY_DEPTH, MAX_PARSED_DEPTH);
  if (found !== undefined) throw tooDeep({ path: pathOfSteps(found.steps), depth: found.depth });
}

function tooDeep(found: { path: string; depth: number }): GatewayHttpError {
  const at = found.path;
  // A path cut short (`…`) does not show how deep it goes: the number does.
  return badRequest(
    `the request body nests objects and arrays ${found.depth} levels deep${at === "" ? "" : ` at ${at}`}: this gateway takes request bodies nested at most ${MAX_BODY_DEPTH} levels`,
    at === "" ? null : at,
    "nesting_too_deep",
  );
}
