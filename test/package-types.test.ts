/**
 * The shipped declarations name no type a program cannot import: every interface, type alias or
 * class that an export's declaration mentions (an option, a result, a field, recursively) is
 * exported from the package's entry too. Read from dist/index.d.ts, as a user's compiler reads
 * it (`npm test` builds first).
 */
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ENTRY = join(import.meta.dirname, "..", "dist", "index.d.ts");
const DIST = dirname(ENTRY);

const NAMED_TYPE = ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class;

/** `name: file` of each type the exports mention that the entry does not export. */
function typesNamedButNotExported(): string[] {
  const program = ts.createProgram([ENTRY], {
    strict: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  const module = entry && checker.getSymbolAtLocation(entry);
  if (!module) throw new Error(`${ENTRY} is missing: run npm run build`);
  const target = (symbol: ts.Symbol): ts.Symbol =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const exported = new Set(checker.getExportsOfModule(module).map(target));
  const ours = (symbol: ts.Symbol) =>
    (symbol.declarations ?? []).some((decl) => decl.getSourceFile().fileName.startsWith(DIST));
  const missing = new Set<string>();
  const seen = new Set<ts.Symbol>();
  const visitSymbol = (symbol: ts.Symbol): void => {
    if (seen.has(symbol) || !ours(symbol)) return;
    seen.add(symbol);
    for (const decl of symbol.declarations ?? []) visitNode(decl);
  };
  const visitNode = (node: ts.Node): void => {
    const name = ts.isTypeReferenceNode(node)
      ? node.typeName
      : ts.isExpressionWithTypeArguments(node)
        ? node.expression
        : ts.isTypeQueryNode(node)
          ? node.exprName
          : undefined;
    const found = name && checker.getSymbolAtLocation(name);
    if (found) {
      const symbol = target(found);
      if (symbol.flags & NAMED_TYPE && ours(symbol) && !exported.has(symbol)) {
        const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? "";
        missing.add(`${symbol.name}: ${relative(DIST, file)}`);
      }
      visitSymbol(symbol);
    }
    ts.forEachChild(node, visitNode);
  };
  for (const symbol of exported) visitSymbol(symbol);
  return [...missing].sort();
}

describe("the package's types", () => {
  // Before: 55, among them createOpenAICompletionsTransport's OpenAICompletionsTransportOptions,
  // setConfigValue's SetResult and the LoadedConfig field's DisabledProvider.
  it("name only types the entry point exports", () => {
    expect(typesNamedButNotExported()).toEqual([]);
  }, 60_000);
});

/**
 * `name: type` of each exported function or constant whose type, as an editor shows it, holds
 * `any`: there a caller's mistake type-checks (runAgent's generator took `next(42)`).
 */
function valuesTypedAny(): string[] {
  const program = ts.createProgram([ENTRY], {
    strict: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  const module = entry && checker.getSymbolAtLocation(entry);
  if (!module) throw new Error(`${ENTRY} is missing: run npm run build`);
  const typedAny: string[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (!declaration || !(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)))
      continue;
    const shown = checker.typeToString(
      checker.getTypeOfSymbol(symbol),
      undefined,
      ts.TypeFormatFlags.NoTruncation,
    );
    // The words of a string constant's literal type are not a type.
    if (/\bany\b/.test(shown.replace(/"[^"]*"/g, ""))) typedAny.push(`${exported.name}: ${shown}`);
  }
  return typedAny;
}

describe("the package's functions and constants", () => {
  it("are typed without any", () => {
    expect(valuesTypedAny()).toEqual([]);
  }, 60_000);
});

/**
 * What lacks the documentation comment an editor shows on hover, as a user's compiler reads dist/:
 * the exports `named`, every other exported function, class and constant, and the `types` named
 * with each of their fields.
 */
function undocumented(named: string[], types: string[]): string[] {
  const program = ts.createProgram([ENTRY], {
    strict: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  const module = entry && checker.getSymbolAtLocation(entry);
  if (!module) throw new Error(`${ENTRY} is missing: run npm run build`);
  const target = (symbol: ts.Symbol): ts.Symbol =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const exports = new Map(checker.getExportsOfModule(module).map((s) => [s.name, target(s)]));
  const doc = (symbol: ts.Symbol) =>
    ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const missing: string[] = [];
  for (const name of named) {
    const symbol = exports.get(name);
    if (!symbol) missing.push(`${name}: not exported`);
    else if (!doc(symbol)) missing.push(name);
  }
  const VALUE = ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable;
  for (const [name, symbol] of exports) {
    if (symbol.flags & VALUE && !named.includes(name) && !doc(symbol)) missing.push(name);
  }
  // Error's own fields (message, stack, cause, name) are documented by the Node types already.
  const inherited = new Set(["name", "message", "stack", "cause"]);
  for (const name of types) {
    const symbol = exports.get(name);
    if (!symbol) {
      missing.push(`${name}: not exported`);
      continue;
    }
    if (!doc(symbol)) missing.push(name);
    for (const property of checker.getDeclaredTypeOfSymbol(symbol).getProperties()) {
      const declaration = property.declarations?.[0];
      const hidden =
        declaration !== undefined &&
        ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Private;
      if (!hidden && !inherited.has(property.name) && !doc(property))
        missing.push(`${name}.${property.name}`);
    }
  }
  return missing;
}

describe("the package's documentation comments", () => {
  // What an editor shows on hover is most of what a TypeScript user reads. Before: 54 missing,
  // among them isOpenClawError, OpenClawError.code and .hint, ProviderError.errorClass and
  // .retryable, RunOptions.request, OpenedRuntime.runtime and RunResult.message.
  it("are on the main entry points and on each field of what they take and give", () => {
    const functions = [
      ...["openRuntime", "createRuntime", "startGateway", "runAgent", "runAgentToEnd"],
      ...["defineTool", "createToolRegistry", "loadCatalog", "buildCatalog", "resolveModel"],
      ...["checkKey", "assistantText", "isOpenClawError", "toAbortSignal", "readUsageReport"],
      ...["OpenClawError", "ProviderError", "ModelRefError", "ConfigError", "UsageError"],
      ...["readUsageRequests", "lockSession", "runSessionTurn", "loadSession"],
      "openSessionWriter",
    ];
    const types = [
      ...["OpenClawError", "ProviderError", "OpenRuntimeOptions", "OpenedRuntime", "Runtime"],
      ...["RunOptions", "RunResult", "AgentRunOptions", "AgentResult", "RunningGateway"],
      ...["UsageReportOptions", "UsageTotals", "UsageTotalsGroup"],
      ...["UsageRequestsOptions", "UsageRequests", "UsageRequestsRemoved"],
      // Those of sessions, of a request and what it used, of tools, of checkKey, of createRuntime,
      // of a key and of config and model errors: before, 47 missing, lockSession itself among them.
      ...["SessionLock", "LoadedSession", "SessionWriter", "SessionTurnOptions", "ChatRequest"],
      ...["Usage", "Cost", "ToolRegistry", "KeyCheckOptions", "KeyCheckResult"],
      ...["CreateRuntimeOptions", "ResolvedKey", "ConfigError", "ModelRefError"],
      // The gateway's ledger, metrics and reasoning memory, cancellation, and the messages of a
      // conversation: before, 35 exported functions, classes and constants had no comment
      // (newSessionId, parseModelRef, countTokensRemote, UsageLedger…), and 75 of these fields.
      ...["UsageLedger", "GatewayMetrics", "Counter", "Histogram", "CompletedRequest"],
      ...["ReasoningMemory", "ReasoningMemoryOptions", "Cancellation", "CancelSignal"],
      ...["ChatMessage", "SystemMessage", "UserMessage", "AssistantMessage", "ToolMessage"],
      ...["TextPart", "ImagePart", "VideoPart", "ToolCall"],
      ...["AgentTool", "ToolContext", "ToolOutcome", "GatewayServer", "LedgerOptions"],
    ];
    // Types with a comment of their own, as those of `types` have (before, 20 of these types had
    // none, Runtime, RunOptions, RunResult and AgentTool among them, and 11 of their fields).
    const wholes = [
      ...["AgentEvent", "ContextPolicy", "RuntimeEvent", "LedgerRow", "FinishReason"],
      ...["SessionModel", "RecordMeta", "SessionEvent", "ModelsProbe", "KeyShapeProblem"],
      ...["ToolChoice", "ThinkingLevel"],
    ];
    expect(undocumented([...functions, ...wholes], types)).toEqual([]);
  }, 60_000);
});
