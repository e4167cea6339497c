/**
 * KNOWN_ERROR_CODES (type KnownErrorCode) cannot go stale: this reads every module the library's
 * entry (src/index.ts) loads, finds each place an OpenClawError is made (`new OpenClawError(…)`,
 * a subclass's `new` or its constructor's `super(…)`) and works out the codes it can carry. A code
 * the list does not name, or a code written in a way this test cannot read, fails it; so does a
 * listed code nothing makes any more.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { isKnownErrorCode, KNOWN_ERROR_CODES, PROVIDER_ERROR_CLASSES } from "../src/index.js";

const SRC = join(import.meta.dirname, "..", "src");

/** The entry's modules, static and dynamic imports followed (the CLI's own are not among them). */
function libraryModules(): Map<string, ts.SourceFile> {
  const files = new Map<string, ts.SourceFile>();
  const todo = [join(SRC, "index.ts")];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (files.has(file)) continue;
    const source = ts.createSourceFile(
      file,
      readFileSync(file, "utf8"),
      ts.ScriptTarget.Latest,
      true,
    );
    files.set(file, source);
    const visit = (node: ts.Node): void => {
      const specifier =
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier
          ? node.moduleSpecifier
          : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
            ? node.arguments[0]
            : undefined;
      if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith(".")) {
        todo.push(resolve(dirname(file), specifier.text.replace(/\.js$/, ".ts")));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return files;
}

/** Codes made from a template, and what each can come to (the test knows how it is built). */
const TEMPLATES: Record<string, readonly string[]> = {
  "`provider.${details.errorClass}`": PROVIDER_ERROR_CLASSES.map((c) => `provider.${c}`),
  "`auth.${problem.code}`": KNOWN_ERROR_CODES.filter((code) => code.startsWith("auth.key_")),
};

interface Site {
  where: string;
  expression: ts.Expression;
}

type Finding = { code: string; where: string } | { unreadable: string; where: string };

function at(node: ts.Node): string {
  const source = node.getSourceFile();
  const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  return `${relative(join(SRC, ".."), source.fileName)}:${line}`;
}

function scan(): Finding[] {
  const modules = libraryModules();
  const all = [...modules.values()];
  const eachNode = (visit: (node: ts.Node) => void) => {
    const walk = (node: ts.Node): void => {
      visit(node);
      ts.forEachChild(node, walk);
    };
    for (const source of all) walk(source);
  };

  // The error classes: OpenClawError and every class extending one of them, whichever module.
  const classes = new Map<string, ts.ClassDeclaration | undefined>([["OpenClawError", undefined]]);
  for (let grew = true; grew; ) {
    grew = false;
    eachNode((node) => {
      if (!ts.isClassDeclaration(node) || !node.name || classes.has(node.name.text)) return;
      const base = node.heritageClauses?.[0]?.types[0]?.expression;
      if (base && ts.isIdentifier(base) && classes.has(base.text)) {
        classes.set(node.name.text, node);
        grew = true;
      }
    });
  }
  // Which argument of `new X(…)` is the code: the class's own constructor passes it to `super`
  // as a parameter, or makes it itself (then `super(…)` is the site); no constructor: the base's.
  const codeArgument = (name: string): number | undefined => {
    const declaration = classes.get(name);
    if (!declaration) return 0; // OpenClawError(code, …)
    const ctor = declaration.members.find(ts.isConstructorDeclaration);
    if (!ctor) {
      const base = declaration.heritageClauses?.[0]?.types[0]?.expression;
      return base && ts.isIdentifier(base) ? codeArgument(base.text) : undefined;
    }
    const first = ctor.parameters[0]?.name;
    return first && ts.isIdentifier(first) && first.text === "code" ? 0 : undefined;
  };

  const sites: Site[] = [];
  eachNode((node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      if (!classes.has(name)) return;
      const index = codeArgument(name);
      const expression = index === undefined ? undefined : node.arguments?.[index];
      if (expression) sites.push({ where: at(node), expression });
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const ctor = enclosingFunction(node);
      const owner = ctor && ts.isConstructorDeclaration(ctor) ? ctor.parent.name?.text : undefined;
      const first = node.arguments[0];
      // A constructor that passes its own `code` on is read at its `new` sites instead.
      if (owner && classes.has(owner) && first && codeArgument(owner) === undefined) {
        sites.push({ where: at(node), expression: first });
      }
    }
  });

  const constants = new Map<string, ts.Expression>();
  eachNode((node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      constants.set(node.name.text, node.initializer);
    }
  });

  const findings: Finding[] = [];
  const read = (expression: ts.Expression, where: string): void => {
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
      findings.push({ code: expression.text, where });
    } else if (ts.isParenthesizedExpression(expression)) {
      read(expression.expression, where);
    } else if (ts.isConditionalExpression(expression)) {
      read(expression.whenTrue, where);
      read(expression.whenFalse, where);
    } else if (
      ts.isBinaryExpression(expression) &&
      expression.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken
    ) {
      read(expression.left, where);
      read(expression.right, where);
    } else if (
      (ts.isPropertyAccessExpression(expression) ||
        ts.isPropertyAccessChain(expression as ts.Node)) &&
      (expression as ts.PropertyAccessExpression).name.text === "code"
    ) {
      // `error.code`: an error already made (and read at its own site) told again.
    } else if (ts.isTemplateExpression(expression) && TEMPLATES[expression.getText()]) {
      for (const code of TEMPLATES[expression.getText()] ?? []) findings.push({ code, where });
    } else if (ts.isIdentifier(expression) && isParameter(expression)) {
      // A helper's `code` parameter: read at each call of the helper.
      const helper = enclosingFunctionName(expression);
      const index = parameterIndex(expression);
      let called = false;
      eachNode((node) => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
          if (node.expression.text !== helper) return;
          const argument = node.arguments[index];
          if (argument) {
            called = true;
            read(argument, at(node));
          }
        }
      });
      if (!called) findings.push({ unreadable: expression.getText(), where });
    } else if (ts.isIdentifier(expression) && constants.has(expression.text)) {
      read(constants.get(expression.text) as ts.Expression, where);
    } else {
      findings.push({ unreadable: expression.getText(), where });
    }
  };
  for (const site of sites) read(site.expression, site.where);
  return findings;
}

function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let up = node.parent; up; up = up.parent) if (ts.isFunctionLike(up)) return up as never;
  return undefined;
}

function parameterIndex(identifier: ts.Identifier): number {
  const parameters = enclosingFunction(identifier)?.parameters ?? [];
  return parameters.findIndex(
    (parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === identifier.text,
  );
}

function isParameter(identifier: ts.Identifier): boolean {
  return parameterIndex(identifier) >= 0 && enclosingFunctionName(identifier) !== undefined;
}

function enclosingFunctionName(node: ts.Node): string | undefined {
  const found = enclosingFunction(node);
  return found && ts.isFunctionDeclaration(found) ? found.name?.text : undefined;
}

describe("KNOWN_ERROR_CODES", () => {
  const findings = scan();

  it("is read from the places errors are made (the scan finds them)", () => {
    // A scan broken by a refactor would find nothing and pass everything below.
    expect(findings.length).toBeGreaterThan(100);
    expect(findings).toContainEqual(expect.objectContaining({ code: "config.invalid" }));
    expect(findings).toContainEqual(expect.objectContaining({ code: "provider.cancelled" }));
    expect(findings).toContainEqual(
      expect.objectContaining({ code: "gateway.ledger_unavailable" }),
    );
  });

  it("names every code the library's errors are made with", () => {
    const unread = findings.flatMap((found) =>
      "unreadable" in found ? [`${found.where}: ${found.unreadable}`] : [],
    );
    // A code from an expression this test cannot follow: write it as a literal, or teach the
    // test (TEMPLATES) what it comes to, and list the codes in src/error-codes.ts.
    expect(unread).toEqual([]);
    const unnamed = findings.flatMap((found) =>
      "code" in found && !isKnownErrorCode(found.code) ? [`${found.where}: ${found.code}`] : [],
    );
    // Add each to src/error-codes.ts (and to docs/guide.md's Errors when it is one to branch on).
    expect(unnamed).toEqual([]);
  });

  it("names no code nothing makes", () => {
    const made = new Set(findings.flatMap((found) => ("code" in found ? [found.code] : [])));
    expect(KNOWN_ERROR_CODES.filter((code) => !made.has(code))).toEqual([]);
  });

  it("is sorted, without repeats, and isKnownErrorCode knows each and nothing else", () => {
    expect([...KNOWN_ERROR_CODES]).toEqual([...new Set(KNOWN_ERROR_CODES)].sort());
    expect(KNOWN_ERROR_CODES.every(isKnownErrorCode)).toBe(true);
    expect(isKnownErrorCode("my_app.own_code")).toBe(false);
    expect(isKnownErrorCode(undefined)).toBe(false);
    expect(Object.isFrozen(KNOWN_ERROR_CODES)).toBe(true);
  });
  it("is told whole in the guide's Errors: each code, or its family, is named there", () => {
    const guide = readFileSync(join(SRC, "..", "docs", "guide.md"), "utf8");
    const start = guide.indexOf("Every code the library makes is in");
    const told = guide.slice(start, guide.indexOf("worth a bug report", start));
    expect(start).toBeGreaterThan(-1);
    // A code, its `prefix.*` (`provider.<class>`, `auth.key_*`), or a bare code's `first_*`.
    const named = (code: string) => {
      const [family, rest] = code.split(".", 2);
      const forms = [code];
      if (rest === undefined) forms.push(`${code.split("_", 1)[0]}_*`);
      else forms.push(`${family}.*`, `${family}.<class>`, `${family}.${rest.split("_", 1)[0]}_*`);
      return forms.some((form) => told.includes(`\`${form}\``));
    };
    expect(KNOWN_ERROR_CODES.filter((code) => !named(code))).toEqual([]);
  });
});
