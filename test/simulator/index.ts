/**
 * The Moonshot / Kimi Code simulator: public surface for tests, benchmarks and the CLI.
 *
 *   const sim = await startSimulator();            // region "ai"; { region: "cn" } for the other
 *   model.baseUrl = sim.moonshotBaseUrl;           // or sim.kimiCodeBaseUrl (needs User-Agent KimiCLI/x)
 *   baseUrl: `${sim.url}/coding`, api: "anthropic-messages" // Kimi Code's Anthropic surface (anthropic.ts)
 *   sim.failNext(2, "rateLimit");                  // rows of SIM_ERRORS, or { status, type, message }
 *   sim.failNext(1, "rateLimitRpm");               // a 429 as captured: no Retry-After, the wait in its message
 *   await startSimulator({ traceHeaders: "msh" }); // x-msh-trace-id + msh-request-id instead of x-trace-id
 *   sim.script([{ when: { model: "kimi-k2.5" }, respond: { reply: { toolCalls: [{ name: "get_time" }] } } }]);
 *   sim.script([{ respond: { cutAfterChunks: 3 } }, { respond: { firstByteDelayMs: 2000 } }, { respond: { hang: true } }]);
 *   sim.script([{ respond: { reply: { text: "x".repeat(9e6) }, overrunsOutputCap: true } }]); // past max_tokens
 *   sim.script([{ respond: { stream: { crlf: true, comments: true, writeSizes: [1, 3, 7] } } }]); // cut anywhere, as TCP may
 *   sim.chatRequests()[0].body / .headers;         // what was sent
 *   sim.openSockets();                             // leak checks
 *   await sim.close();
 *
 * An answer longer than the request's `max_tokens` (or `max_completion_tokens`) is cut there with
 * finish_reason "length", its reasoning counted first, as on the real API (output-cap.ts).
 *
 * Rules are consulted after the auth and User-Agent checks and before the request checks; the
 * first rule with uses left that matches answers. `instant: true` checks the key only: no
 * other checks, rules or recording.
 */
export { errorBody, SIM_ERRORS, type SimError, type SimErrorName } from "./errors.js";
export {
  CURRENT_SIM_MODELS,
  DEFAULT_SIM_MODELS,
  RETIRED_SIM_MODELS,
  type SimModel,
} from "./models.js";
export { DEFAULT_ALLOWED_USER_AGENTS, SIM_KEYS, startSimulator } from "./server.js";
export type {
  SimKeys,
  SimQuota,
  SimRecordedRequest,
  SimRegion,
  SimReply,
  SimRespond,
  SimRule,
  SimStreamShape,
  SimSurface,
  SimToolCallSpec,
  Simulator,
  SimulatorOptions,
} from "./types.js";
