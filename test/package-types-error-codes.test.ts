/**
 * A program branching on `error.code`, compiled against the shipped declarations
 * (dist/index.d.ts): its editor offers the codes the library makes in a `switch (error.code)`,
 * a code of the program's own still compiles, and code written for the old `code: string`
 * (a string variable compared, a subclass of its own) compiles as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const ENTRY = join(import.meta.dirname, "..", "dist", "index.js");

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  types: ["node"],
};

const dir = mkdtempSync(join(tmpdir(), "openclaw-error-codes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CURSOR = "/*cursor*/";

const program = `
import {
  isKnownErrorCode,
  isOpenClawError,
  KNOWN_ERROR_CODES,
  type KnownErrorCode,
  OpenClawError,
  type OpenClawErrorCode,
  openRuntime,
} from ${JSON.stringify(ENTRY)};

export function advice(error: unknown): string {
  if (!isOpenClawError(error)) return "not ours";
  switch (error.code) {
    case "provider.auth":
      return "fix the key";
    case "provider.rate_limit":
    case "provider.cancelled":
      return "try again";
    case "config.invalid":
      return "fix the config";
    case "my_app.own_code": // a program's callback threw its own
      return "ours";
    case ${CURSOR}
  }
  return error.code;
}

// Written for code: string, unchanged.
const asString: string = new OpenClawError("my_app.x", "m").code;
const wanted: string = process.argv[2] ?? "usage";
export const same = new OpenClawError("usage", "m").code === wanted || asString === wanted;
class AppError extends OpenClawError {
  constructor() {
    super("my_app.failed", "the app failed");
  }
}
export const json: { code: string } = new AppError().toJSON();

// The new names.
export const listed: readonly KnownErrorCode[] = KNOWN_ERROR_CODES;
export const code: OpenClawErrorCode = "gateway.port_in_use";
export function narrowed(value: string): KnownErrorCode | undefined {
  return isKnownErrorCode(value) ? value : undefined;
}
export const opened = openRuntime;
`;

function languageService(file: string, text: string): ts.LanguageService {
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => OPTIONS,
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const content = name === file ? text : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => dir,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? text : ts.sys.readFile(name)),
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host);
}

describe("OpenClawError.code in a program's compiler", () => {
  const file = join(dir, "consumer.mts");

  it("offers the known codes in a switch on error.code", () => {
    const text = program.replace(CURSOR, '"');
    writeFileSync(file, text);
    const service = languageService(file, text);
    const position = text.indexOf('case "', text.indexOf('"my_app.own_code"')) + 'case "'.length;
    const offered = (service.getCompletionsAtPosition(file, position, {})?.entries ?? []).map(
      (entry) => entry.name,
    );
    // Before, with code typed string, nothing was offered. The editor leaves out the codes the
    // switch already has a case for.
    expect(offered).not.toContain("provider.auth");
    expect(offered).toEqual(
      expect.arrayContaining([
        "provider.quota",
        "provider.timeout",
        "config.syntax",
        "config.missing_env",
        "model.unknown",
        "usage",
        "gateway.port_in_use",
        "auth.key_placeholder",
      ]),
    );
  }, 60_000);

  it("compiles a switch with a code of the program's own, and code written for code: string", () => {
    const text = program.replace(`    case ${CURSOR}\n`, "");
    writeFileSync(file, text);
    const compiled = ts.createProgram([file], OPTIONS);
    const problems = ts
      .getPreEmitDiagnostics(compiled)
      .map((problem) => ts.flattenDiagnosticMessageText(problem.messageText, "\n"));
    expect(problems).toEqual([]);
  }, 60_000);
});
