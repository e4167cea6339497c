/**
 * A program that forwards its own optional settings (`signal: opts.signal`, `maxTokens:
 * opts.maxTokens`, each `T | undefined`) compiles under exactOptionalPropertyTypes, which strictest
 * tsconfigs set, and an undefined one is taken as left out. Before, only `model` took undefined:
 * every other option of a run, its request, its timeouts, runAgent, runSessionTurn and openRuntime
 * refused it (TS2375), so such a program needed a conditional spread per option, though the
 * library already treated undefined as absent. startGateway's options refused it too (`port:
 * opts.port`, `log: opts.log`), checkKey's (`signal: opts.signal`) and createRuntime's (`retry:
 * opts.retry`) until they were typed the same way, and so did lockSession's (`waitMs:
 * opts.waitMs`, `signal: opts.signal`) and openSessionWriter's (`sync: opts.sync`), and
 * loadCatalog's, loadConfig's and loadConfigObject's (`path: opts.configPath`, `env: opts.env`),
 * createKeyResolver's (`agentDir: opts.agentDir`) and createOpenAICompletionsTransport's, and
 * validateConfig's source (`file: opts.configPath`) and parseAuthStore's options (`backupExists:
 * opts.backupExists`), and setConfigValue's and unsetConfigValue's (`env: opts.env`); readUsageReport's
 * and readUsageRequests' (`since: opts.since`) were typed so from the start.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type OpenClawError,
  openRuntime,
  parseAuthStore,
  runAgentToEnd,
  setConfigValue,
  unsetConfigValue,
  validateConfig,
} from "../src/index.js";
import { type Simulator, startSimulator } from "./simulator/index.js";

const root = join(import.meta.dirname, "..");

/** The type errors of `source`, a program importing the package by name, on strictest settings. */
function typeErrors(source: string): string[] {
  const file = join(root, "test", "forwarded-options.snippet.ts");
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    paths: { "openclaw-kimi": [join(root, "src/index.ts")] },
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  host.getSourceFile = (name, language, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, language)
      : getSourceFile(name, language, ...rest);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0] ?? "");
}

const PROGRAM = `
import {
  type ChatMessage, type ThinkingLevel, openRuntime, runAgentToEnd, runSessionTurn, startGateway,
  checkKey, createRuntime, loadCatalog, lockSession, openSessionWriter, sessionPath,
  createKeyResolver, createOpenAICompletionsTransport, loadConfig, loadConfigObject,
  validateConfig, parseAuthStore, setConfigValue, unsetConfigValue, readUsageReport,
  readUsageRequests,
} from "openclaw-kimi";

interface AskOptions {
  signal?: AbortSignal; thinking?: ThinkingLevel; maxTokens?: number; temperature?: number;
  totalMs?: number; stateDir?: string; agentId?: string; sessionId?: string;
  port?: number; bind?: string; watch?: boolean; log?: (line: string) => void;
  waitMs?: number; sync?: boolean; onWait?: (pid: number) => void;
  configPath?: string; env?: Record<string, string | undefined>; agentDir?: string;
  profileId?: string; backupExists?: () => boolean; configText?: ReadonlyMap<string, string>;
  since?: string;
}
export async function ask(messages: ChatMessage[], opts: AskOptions): Promise<void> {
  const { runtime } = openRuntime({
    env: { OPENCLAW_STATE_DIR: opts.stateDir }, agentId: opts.agentId, retry: undefined,
  });
  const request = {
    messages, thinking: opts.thinking, maxTokens: opts.maxTokens, temperature: opts.temperature,
  };
  await runtime.complete({ request, signal: opts.signal, timeouts: { totalMs: opts.totalMs } });
  for await (const event of runtime.stream({ request, signal: opts.signal })) void event;
  await runAgentToEnd({
    runtime, messages, thinking: opts.thinking, maxTokens: opts.maxTokens, signal: opts.signal,
  });
  await runSessionTurn({
    runtime, history: [], user: { role: "user", content: "Hi" }, record: () => {},
    recordUsage: () => {}, sessionId: opts.sessionId, signal: opts.signal,
  });
  const gateway = await startGateway({
    port: opts.port, bind: opts.bind, watch: opts.watch, log: opts.log, resolveKey: undefined,
    env: { OPENCLAW_STATE_DIR: opts.stateDir }, config: undefined, timeouts: { totalMs: opts.totalMs },
  });
  await gateway.close();
  await checkKey({
    target: { label: "moonshot", baseUrl: "https://api.moonshot.ai/v1" }, key: "sk-x",
    signal: opts.signal, timeoutMs: opts.totalMs, proxy: undefined, alternatives: undefined,
  });
  createRuntime({
    catalog: loadCatalog(), resolveKey: () => undefined, resolveChain: undefined, retry: undefined,
    env: undefined, clock: undefined, onboardPrefix: opts.stateDir,
  });
  const file = sessionPath("/var/lib/my-app/openclaw", "main", "support-42");
  const lock = await lockSession(file, {
    waitMs: opts.waitMs, sessionId: opts.sessionId, signal: opts.signal, onWait: opts.onWait,
  });
  openSessionWriter(file, "support-42", "main", { sync: opts.sync }).close();
  lock.release();
  loadCatalog({ path: opts.configPath, env: opts.env, ifMissing: undefined });
  loadConfig({ path: opts.configPath, env: opts.env, providerProblems: undefined });
  loadConfigObject({}, { env: opts.env, providerProblems: undefined });
  createKeyResolver({
    agentDir: opts.agentDir, env: opts.env, profileId: opts.profileId, store: undefined,
  });
  createOpenAICompletionsTransport({ dispatcher: undefined, timeouts: { totalMs: opts.totalMs } });
  validateConfig({}, {
    file: opts.configPath, texts: opts.configText, parsed: undefined, templates: undefined,
  });
  parseAuthStore("{}", "auth-profiles.json", { backupExists: opts.backupExists });
  const edit = {
    env: opts.env, check: undefined, backup: undefined, providerProblems: undefined,
  };
  setConfigValue("/var/lib/my-app/openclaw.json", "gateway.port", 8080, {
    ...edit, typed: opts.configPath,
  });
  unsetConfigValue("/var/lib/my-app/openclaw.json", "gateway.port", edit);
  await readUsageReport({ env: opts.env, config: undefined, since: opts.since, by: undefined });
  await readUsageRequests({ env: opts.env, config: undefined, since: opts.since, last: undefined, errors: undefined });
}
`;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

describe("options a program forwards, each maybe undefined", () => {
  it("type-check under exactOptionalPropertyTypes", () => {
    expect(typeErrors(PROGRAM)).toEqual([]);
  }, 60_000);

  it("are taken as left out: the run sends what it sends without them", async () => {
    const { runtime } = openRuntime({
      config: {
        models: {
          providers: { moonshot: { baseUrl: sim.moonshotBaseUrl, apiKey: sim.keys.moonshot } },
        },
      },
      env: {},
      agentId: undefined,
      retry: undefined,
    });
    const unset: { maxTokens?: number; temperature?: number; signal?: AbortSignal } = {};
    const messages = [{ role: "user" as const, content: "Hi" }];
    const model = "moonshot/kimi-k2.5";
    await runtime.complete({ model, request: { messages } });
    await runAgentToEnd({ runtime, model, messages });
    const [completeLeftOut, agentLeftOut] = sim.chatRequests().map((sent) => sent.body);
    const result = await runtime.complete({
      model,
      request: { messages, maxTokens: unset.maxTokens, temperature: unset.temperature },
      signal: unset.signal,
      timeouts: { totalMs: undefined },
    });
    expect(result.message.content).toBe("Echo: Hi");
    const agent = await runAgentToEnd({
      runtime,
      model,
      messages,
      maxRounds: undefined,
      maxTokens: unset.maxTokens,
      signal: unset.signal,
    });
    expect(agent.message.content).toBe("Echo: Hi");
    const [completeUnset, agentUnset] = sim
      .chatRequests()
      .slice(2)
      .map((sent) => sent.body);
    expect(completeUnset).toEqual(completeLeftOut);
    expect(agentUnset).toEqual(agentLeftOut);
  });

  it("validateConfig's source and parseAuthStore's options: undefined is left out", () => {
    /** What `call` threw, as a program sees it. */
    const thrown = (call: () => unknown) => {
      try {
        call();
      } catch (error) {
        const { code, message, where, hint } = error as OpenClawError;
        return { code, message, where, hint, issues: (error as { issues?: unknown }).issues };
      }
      throw new Error("expected a throw");
    };
    const wrong = { gateway: { port: "8080" } };
    const unsetSource = {
      file: undefined,
      texts: undefined,
      parsed: undefined,
      templates: undefined,
    };
    const refused = thrown(() => validateConfig(wrong, unsetSource));
    expect(refused).toEqual(thrown(() => validateConfig(wrong)));
    expect(refused.code).toBe("config.invalid");
    expect(validateConfig({}, unsetSource)).toEqual(validateConfig({}));
    for (const text of ["{ not json", '{"version": 7}']) {
      const broken = thrown(() =>
        parseAuthStore(text, "auth-profiles.json", { backupExists: undefined }),
      );
      expect(broken).toEqual(thrown(() => parseAuthStore(text, "auth-profiles.json", {})));
      expect(broken.code).toBe("auth.store_invalid");
    }
    const store = '{"version": 1, "profiles": {}}';
    expect(parseAuthStore(store, "auth-profiles.json", { backupExists: undefined })).toEqual(
      parseAuthStore(store, "auth-profiles.json"),
    );
  });

  it("setConfigValue's and unsetConfigValue's options: undefined is left out", () => {
    const dir = mkdtempSync(join(tmpdir(), "openclaw-undefined-edit-"));
    try {
      const file = join(dir, "openclaw.json");
      writeFileSync(file, "{\n  // the port\n  gateway: { port: 18789 },\n}\n");
      const unset = {
        env: undefined,
        check: undefined,
        backup: undefined,
        providerProblems: undefined,
      };
      const thrown = (call: () => unknown) => {
        try {
          call();
        } catch (error) {
          const { code, message, where, hint } = error as OpenClawError;
          return { code, message, where, hint };
        }
        throw new Error("expected a throw");
      };
      const refused = thrown(() =>
        setConfigValue(file, "gateway.port", "x", { ...unset, typed: undefined }),
      );
      expect(refused).toEqual(thrown(() => setConfigValue(file, "gateway.port", "x")));
      expect(refused.code).toBe("config.invalid");
      const setUnset = setConfigValue(file, "gateway.port", 8080, { ...unset, typed: undefined });
      const textUnset = readFileSync(file, "utf8");
      const removedUnset = unsetConfigValue(file, "gateway.port", unset);
      const removedText = readFileSync(file, "utf8");
      writeFileSync(file, "{\n  // the port\n  gateway: { port: 18789 },\n}\n");
      expect(setConfigValue(file, "gateway.port", 8080)).toEqual(setUnset);
      expect(readFileSync(file, "utf8")).toBe(textUnset);
      expect(unsetConfigValue(file, "gateway.port")).toEqual(removedUnset);
      expect(readFileSync(file, "utf8")).toBe(removedText);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
