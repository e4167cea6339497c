/**
 * Prometheus metrics written by hand (text exposition format 0.0.4). Counters are plain numbers
 * in maps keyed by their rendered label set, so recording on the hot path is a map lookup and an
 * addition; the text is only built when /metrics is scraped.
 */

import type { ChainStep } from "../runtime/index.js";
import { maskKeyShapedNames } from "../util/key-shaped-names.js";
import type { FellThroughAttempt } from "./ledger.js";
import { isCancelledRequest } from "./usage-cancelled.js";

const DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
];

const NEEDS_ESCAPE = /[\\\n"]/;

function escapeLabel(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/**
 * `{a="x",b="y"}`: built by concatenation, since it runs several times per request. A key pasted
 * as a provider's or model's name is masked here, in the series' key, and not only in the text
 * /metrics sends: two such names mask alike (`sk-kimi-***`), and as two series they would be one
 * series given twice, which a scraper refuses; as one key their counts add up.
 */
function labelText(labels: Record<string, string>): string {
  let out = "";
  for (const key in labels) {
    out += `${out === "" ? "" : ","}${key}="${escapeLabel(maskKeyShapedNames(labels[key] ?? ""))}"`;
  }
  return out === "" ? "" : `{${out}}`;
}

/** A Prometheus counter (or, with `type` "gauge", a gauge): one number per label set. */
export class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    /** The metric's name, e.g. `openclaw_gateway_requests_total`. */
    readonly name: string,
    /** What it counts: its `# HELP` line. */
    readonly help: string,
    /** "counter" (the default), or "gauge" for a value that also goes down. */
    readonly type: "counter" | "gauge" = "counter",
  ) {}

  /** Adds `amount` (1 by default) to the series of `labels`, starting it at 0. */
  add(labels: Record<string, string>, amount = 1): void {
    this.addRendered(labelText(labels), amount);
  }

  /** `add` with the label set already rendered (see `labelText`). */
  addRendered(key: string, amount = 1): void {
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }

  /** Sets the series of `labels` to `value` (what a gauge is for). */
  set(labels: Record<string, string>, value: number): void {
    this.values.set(labelText(labels), value);
  }

  /** The series of `labels` now: 0 when nothing was added to it. */
  get(labels: Record<string, string>): number {
    return this.values.get(labelText(labels)) ?? 0;
  }

  /**
   * Appends the `# HELP` and `# TYPE` lines and one line per series to `out`, in the text format.
   */
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`);
    for (const [labels, value] of this.values) out.push(`${this.name}${labels} ${value}`);
  }
}

/**
 * A Prometheus histogram: per label set, how many values fell at or below each bucket's bound,
 * their sum and their count.
 */
export class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    /** The metric's name, e.g. `openclaw_gateway_request_duration_seconds`. */
    readonly name: string,
    /** What it measures: its `# HELP` line. */
    readonly help: string,
    /** The buckets' upper bounds, ascending (by default 1 ms to 120 s, for durations in seconds). */
    readonly buckets: number[] = DURATION_BUCKETS,
  ) {}

  /** Counts one value (seconds, for the gateway's own) in the series of `labels`. */
  observe(labels: Record<string, string>, value: number): void {
    this.observeRendered(labelText(labels), value);
  }

  /** `observe` with the label set already rendered (see `labelText`). */
  observeRendered(key: string, value: number): void {
    let entry = this.series.get(key);
    if (!entry) {
      entry = { counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    const buckets = this.buckets;
    for (let i = 0; i < buckets.length; i++) {
      if (value <= (buckets[i] ?? 0)) {
        entry.counts[i] = (entry.counts[i] ?? 0) + 1;
        break;
      }
    }
    entry.sum += value;
    entry.count++;
  }

  /** Appends the histogram's lines (`_bucket` per bound and +Inf, `_sum`, `_count`) to `out`. */
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const [key, entry] of this.series) {
      const inner = key === "" ? "" : key.slice(1, -1);
      const withLe = (le: string) => `{${inner}${inner ? "," : ""}le="${le}"}`;
      let cumulative = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        cumulative += entry.counts[i] ?? 0;
        out.push(`${this.name}_bucket${withLe(String(this.buckets[i]))} ${cumulative}`);
      }
      out.push(`${this.name}_bucket${withLe("+Inf")} ${entry.count}`);
      out.push(`${this.name}_sum${key} ${entry.sum}`);
      out.push(`${this.name}_count${key} ${entry.count}`);
    }
  }
}

/** The value cached under `key`, made by `make` the first time (up to a bound). */
function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size < MAX_CACHED_SERIES) cache.set(key, value);
  }
  return value;
}

/** Splits `provider/model` on the first slash, as refs are defined. */
function splitRef(ref: string): { provider: string; model: string } {
  const slash = ref.indexOf("/");
  return slash < 0
    ? { provider: "", model: ref }
    : { provider: ref.slice(0, slash), model: ref.slice(slash + 1) };
}

/** One request the gateway answered, as `GatewayMetrics.completed` counts it. */
export interface CompletedRequest {
  /** The route's path, e.g. `/v1/chat/completions`. */
  route: string;
  /** The HTTP status the client got (499 for one it cancelled). */
  status: number;
  /** Whether the answer was streamed. */
  stream: boolean;
  /**
   * Set when the request did not end well: `bad_request`, `auth`, `upstream.rate_limit`…, or
   * `client_disconnect` for one its client cancelled (counted apart from the errors).
   */
  errorClass: string | undefined;
  /** Seconds from the request received to its answer finished. */
  latencySeconds: number;
  /** Seconds to the first streamed token; undefined when none was streamed. */
  ttftSeconds: number | undefined;
  /** The `provider/model` that answered; undefined when none did. */
  modelUsed: string | undefined;
  /** Input tokens the provider counted. */
  promptTokens: number;
  /** Output tokens the provider counted. */
  completionTokens: number;
  /** Input tokens served from the provider's cache. */
  cachedTokens: number;
  /** The estimated cost in USD, from the catalog's prices. */
  costUsd: number;
  /** Web searches Moonshot ran for the answer. */
  webSearches: number;
  /** Attempts the provider billed before another answered, counted under their own model. */
  fellThrough?: readonly FellThroughAttempt[];
  /**
   * The step past the chain's first model when the run went on without trying it (left out, or
   * unable to take the request): a step down the chain no fallback event counted.
   */
  skippedFirst?: ChainStep;
}

/** Label sets rendered once per model (the catalog bounds how many there are). */
interface ModelSeries {
  prompt: string;
  completion: string;
  cached: string;
  cost: string;
}

/** Caches stop growing here, so odd input can never make them unbounded. */
const MAX_CACHED_SERIES = 4096;

/**
 * The gateway's Prometheus metrics, served at /metrics: each field is one metric, named in its
 * first argument; `render` writes them all in the text exposition format.
 */
export class GatewayMetrics {
  private readonly modelSeries = new Map<string, ModelSeries>();
  private readonly requestSeries = new Map<string, string>();
  private readonly durationSeries = new Map<string, string>();
  private readonly notFoundSeries = new Map<string, string>();
  private readonly noApiSeries = new Map<string, string>();

  /** `openclaw_gateway_requests_total`: HTTP requests served, by route and status. */
  readonly requests = new Counter(
    "openclaw_gateway_requests_total",
    "HTTP requests served, by route and status.",
  );
  /** `openclaw_gateway_errors_total`: failed requests by error class (cancelled ones are apart). */
  readonly errors = new Counter(
    "openclaw_gateway_errors_total",
    "Requests that failed (the gateway or the provider could not answer them, or refused them), by error class; requests the client cancelled are counted in openclaw_gateway_requests_cancelled_total instead.",
  );
  /** `openclaw_gateway_requests_cancelled_total`: requests the client cancelled (status 499). */
  readonly cancelled = new Counter(
    "openclaw_gateway_requests_cancelled_total",
    "Requests the client cancelled (it closed the connection or aborted before its answer was complete: status 499, as openclaw usage's Cancelled), by class: client_disconnect, or upstream.cancelled when the provider's call was stopped for it. No failure: not in openclaw_gateway_errors_total.",
  );
  /** `openclaw_gateway_request_duration_seconds`: from request received to response finished. */
  readonly duration = new Histogram(
    "openclaw_gateway_request_duration_seconds",
    "Time from request received to response finished.",
  );
  /** `openclaw_gateway_time_to_first_token_seconds`: to the first streamed token. */
  readonly ttft = new Histogram(
    "openclaw_gateway_time_to_first_token_seconds",
    "Time from request received to the first streamed token.",
  );
  /** `openclaw_gateway_tokens_total`: tokens by provider, model and kind. */
  readonly tokens = new Counter(
    "openclaw_gateway_tokens_total",
    "Tokens, by provider, model and kind.",
  );
  /** `openclaw_gateway_cost_usd_total`: the estimated cost in USD, by provider and model. */
  readonly cost = new Counter(
    "openclaw_gateway_cost_usd_total",
    "Estimated cost in USD, by provider and model.",
  );
  /** `openclaw_gateway_upstream_retries_total`: upstream retries, by model. */
  readonly retries = new Counter(
    "openclaw_gateway_upstream_retries_total",
    "Upstream retries, by model.",
  );
  /** `openclaw_gateway_upstream_fallbacks_total`: steps from one model of the chain to the next. */
  readonly fallbacks = new Counter(
    "openclaw_gateway_upstream_fallbacks_total",
    "Moves down the chain from one model to the next, a step past a model skipped without being sent the request included: one cooling or without a key, one that cannot take the request (images or video a text-only model does not take, a partial message it does not continue) and a primary whose provider cannot be used (the ledger's fallback_from counts requests, not steps).",
  );
  /** `openclaw_gateway_active_upstream_requests` (a gauge): upstream requests in flight. */
  readonly activeStreams = new Counter(
    "openclaw_gateway_active_upstream_requests",
    "Upstream requests in flight.",
    "gauge",
  );
  /** `openclaw_gateway_config_reloads_total`: config reloads, by result (`ok` or `error`). */
  readonly reloads = new Counter(
    "openclaw_gateway_config_reloads_total",
    "Config reloads (a file of the config or the credential store changed, or reload() was called; a gateway given its config as an object: the credential store read again), by result: error when a file was gone, broken or refused, the credential store too (an edit of the config that applied while the store reads badly counts as error).",
  );
  /**
   * `openclaw_gateway_config_last_reload_successful` (a gauge): 1 while the files read well, else
   * 0.
   */
  readonly lastReloadSuccessful = new Counter(
    "openclaw_gateway_config_last_reload_successful",
    "1 while what the gateway serves is what its files say: the config (and its included files) and the keys of the credential store, as at start or the last reload that read them all well; 0 after a reload found one of them gone, broken or refused, until one reads them all well: the last good config, or the keys last read from the credential store, still serve meanwhile.",
    "gauge",
  );
  /**
   * `openclaw_gateway_reasoning_restored_total`: replayed tool-call turns given back their
   * reasoning.
   */
  readonly reasoningRestored = new Counter(
    "openclaw_gateway_reasoning_restored_total",
    "Replayed tool-call turns whose reasoning_content the gateway restored.",
  );
  /**
   * `openclaw_gateway_upstream_not_found_total`: upstream 404s for a model, by provider and model.
   */
  readonly upstreamNotFound = new Counter(
    "openclaw_gateway_upstream_not_found_total",
    "Upstream 404 answers (a model id the provider does not serve, or not to this key), by provider and model; a base URL where no API answers is counted in openclaw_gateway_upstream_no_api_total instead.",
  );
  /**
   * `openclaw_gateway_upstream_no_api_total`: answers saying no API is at the provider's base URL.
   */
  readonly upstreamNoApi = new Counter(
    "openclaw_gateway_upstream_no_api_total",
    "Upstream answers saying no API is at the provider's base URL (a server's own answer for a path it has no route at, e.g. for a baseUrl without /v1: a 404 or 405 for the chat path, Cloudflare's 400, LM Studio's 200, a web page answered with a 200), by provider and the model asked for. Answers only: a model skipped without being asked while its provider is benched is not counted here; a skip followed by another model shows as a step in openclaw_gateway_upstream_fallbacks_total, as any model skipped while cooling does.",
  );
  /** `openclaw_gateway_web_searches_total`: web searches Moonshot ran (billed per search). */
  readonly webSearches = new Counter(
    "openclaw_gateway_web_searches_total",
    "Web searches Moonshot ran for answers (billed per search), by provider and model.",
  );

  /**
   * `openclaw_gateway_ledger_rows_pruned_total`: usage ledger rows removed as older than keepDays.
   */
  readonly ledgerRowsPruned = new Counter(
    "openclaw_gateway_ledger_rows_pruned_total",
    "Usage ledger rows removed as older than gateway.ledger.keepDays (their hourly totals stay).",
  );

  constructor() {
    // The config the gateway started with is the one in its files.
    this.lastReloadSuccessful.set({}, 1);
  }

  /** Counts a config reload, and whether the config served now is the one in the files. */
  reloaded(result: "ok" | "error"): void {
    this.reloads.add({ result });
    this.lastReloadSuccessful.set({}, result === "ok" ? 1 : 0);
  }

  /**
   * Counts an upstream 404 for `ref`, a model of the catalog (the runtime only calls those), so
   * the series stay as few as the configured models.
   */
  notFound(ref: string): void {
    this.upstreamNotFound.addRendered(
      cached(this.notFoundSeries, ref, () => labelText(splitRef(ref))),
    );
  }

  /**
   * Counts an upstream answer for `ref` that said no API is at its provider's base URL: the
   * config's address to fix, not a model id the provider retired (notFound).
   */
  noApi(ref: string): void {
    this.upstreamNoApi.addRendered(cached(this.noApiSeries, ref, () => labelText(splitRef(ref))));
  }

  /**
   * Counts a request that did not end well under its class: in `cancelled` when its client
   * cancelled it, in `errors` otherwise.
   */
  failed(status: number, errorClass: string): void {
    (isCancelledRequest(status, errorClass) ? this.cancelled : this.errors).add({
      class: errorClass,
    });
  }

  /** Records one finished request; label sets seen before are not rendered again. */
  completed(done: CompletedRequest): void {
    const stream = done.stream ? "true" : "false";
    const status = String(done.status);
    this.requests.addRendered(
      cached(this.requestSeries, `${done.route}\n${status}`, () =>
        labelText({ route: done.route, status }),
      ),
    );
    if (done.errorClass !== undefined) this.failed(done.status, done.errorClass);
    this.duration.observeRendered(
      cached(this.durationSeries, `${done.route}\n${stream}`, () =>
        labelText({ route: done.route, stream }),
      ),
      done.latencySeconds,
    );
    if (done.ttftSeconds !== undefined) this.ttft.observeRendered("", done.ttftSeconds);
    if (done.modelUsed !== undefined) {
      const series = this.seriesOf(done.modelUsed);
      this.addSpent(series, done);
      if (done.webSearches > 0) this.webSearches.addRendered(series.cost, done.webSearches);
    }
    // Billed by the provider too: the tokens it reported (unknown ones cannot be counted).
    if (done.fellThrough !== undefined) this.addFellThrough(done.fellThrough);
    if (done.skippedFirst !== undefined) this.fallbacks.add({ ...done.skippedFirst });
  }

  private addFellThrough(attempts: readonly FellThroughAttempt[]): void {
    for (const attempt of attempts) {
      this.addSpent(this.seriesOf(attempt.model), {
        promptTokens: attempt.prompt_tokens ?? 0,
        completionTokens: attempt.completion_tokens ?? 0,
        cachedTokens: attempt.cached_tokens ?? 0,
        costUsd: attempt.cost_usd ?? 0,
      });
    }
  }

  private seriesOf(ref: string): ModelSeries {
    return cached(this.modelSeries, ref, () => {
      const { provider, model } = splitRef(ref);
      return {
        prompt: labelText({ provider, model, kind: "prompt" }),
        completion: labelText({ provider, model, kind: "completion" }),
        cached: labelText({ provider, model, kind: "cached" }),
        cost: labelText({ provider, model }),
      };
    });
  }

  private addSpent(
    series: ModelSeries,
    spent: Pick<CompletedRequest, "promptTokens" | "completionTokens" | "cachedTokens" | "costUsd">,
  ): void {
    if (spent.promptTokens > 0) this.tokens.addRendered(series.prompt, spent.promptTokens);
    if (spent.completionTokens > 0)
      this.tokens.addRendered(series.completion, spent.completionTokens);
    if (spent.cachedTokens > 0) this.tokens.addRendered(series.cached, spent.cachedTokens);
    if (spent.costUsd > 0) this.cost.addRendered(series.cost, spent.costUsd);
  }

  /** The exposition text; `process` adds the gateway process's own health after the gateway's. */
  render(process?: { render(out: string[]): void }): string {
    const out: string[] = [];
    for (const metric of [
      this.requests,
      this.errors,
      this.cancelled,
      this.duration,
      this.ttft,
      this.tokens,
      this.cost,
      this.retries,
      this.fallbacks,
      this.activeStreams,
      this.reloads,
      this.lastReloadSuccessful,
      this.reasoningRestored,
      this.webSearches,
      this.upstreamNotFound,
      this.upstreamNoApi,
      this.ledgerRowsPruned,
    ]) {
      metric.render(out);
    }
    process?.render(out);
    out.push("");
    return out.join("\n");
  }
}
