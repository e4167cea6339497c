/**
 * The usage ledger: one row per chat-completion request in SQLite under the state dir. Rows are
 * queued in memory and written in one transaction per batch from a timer, so a response never
 * waits on the disk; `close()` writes whatever is still queued, so a clean shutdown loses nothing.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export interface LedgerRow {
  /** Milliseconds since the epoch when the request arrived. */
  ts: number;
  requestId: string;
  /** Upstream `x-trace-id`, when the provider sent one. */
  traceId: string | undefined;
  /** The `user` field of the request, else the client's address. */
  client: string;
  modelRequested: string | undefined;
  modelUsed: string | undefined;
  /** The model the chain started from when a fallback answered. */
  fallbackFrom: string | undefined;
  stream: boolean;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
  latencyMs: number;
  ttftMs: number | undefined;
  status: number;
  /** `ok`, `error`, or `client_disconnect`. */
  outcome: string;
  errorClass: string | undefined;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  trace_id TEXT,
  client TEXT NOT NULL,
  model_requested TEXT,
  model_used TEXT,
  provider TEXT,
  fallback_from TEXT,
  stream INTEGER NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cached_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  latency_ms REAL NOT NULL,
  ttft_ms REAL,
  status INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  error_class TEXT
);
CREATE INDEX IF NOT EXISTS requests_ts ON requests(ts);
`;

const ROWS_PER_STATEMENT = 50;

function pushRow(values: unknown[], row: LedgerRow): void {
  const used = row.modelUsed;
  const slash = used === undefined ? -1 : used.indexOf("/");
  values.push(
    row.ts,
    row.requestId,
    row.traceId ?? null,
    row.client,
    row.modelRequested ?? null,
    used ?? null,
    used !== undefined && slash > 0 ? used.slice(0, slash) : null,
    row.fallbackFrom ?? null,
    row.stream ? 1 : 0,
    row.promptTokens,
    row.completionTokens,
    row.cachedTokens,
    row.costUsd,
    row.latencyMs,
    row.ttftMs ?? null,
    row.status,
    row.outcome,
    row.errorClass ?? null,
  );
}

export interface LedgerOptions {
  path: string;
  /** Milliseconds between batch writes. */
  flushIntervalMs?: number;
  /** Queue length that triggers an early write. */
  maxBatch?: number;
}

export class UsageLedger {
  private readonly db: Database.Database;
  private readonly insertMany: (rows: LedgerRow[]) => void;
  private queue: LedgerRow[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly maxBatch: number;
  private flushScheduled = false;
  private closed = false;
  /** Rows handed to `record`, and rows written: tests compare the two. */
  recorded = 0;
  written = 0;
  onError: (error: unknown) => void = () => {};

  constructor(options: LedgerOptions) {
    mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
    this.db = new Database(options.path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
    const columns = `INSERT INTO requests (ts, request_id, trace_id, client, model_requested,
      model_used, provider, fallback_from, stream, prompt_tokens, completion_tokens, cached_tokens,
      cost_usd, latency_ms, ttft_ms, status, outcome, error_class) VALUES `;
    const placeholders = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    const insertOne = this.db.prepare(columns + placeholders);
    // One statement for many rows: binding is the per-row cost, a statement run is the big one.
    const insertBlock = this.db.prepare(
      columns + new Array(ROWS_PER_STATEMENT).fill(placeholders).join(", "),
    );
    this.insertMany = this.db.transaction((rows: LedgerRow[]) => {
      let index = 0;
      const values: unknown[] = [];
      for (; index + ROWS_PER_STATEMENT <= rows.length; index += ROWS_PER_STATEMENT) {
        values.length = 0;
        for (let i = index; i < index + ROWS_PER_STATEMENT; i++)
          pushRow(values, rows[i] as LedgerRow);
        insertBlock.run(values);
      }
      for (; index < rows.length; index++) {
        values.length = 0;
        pushRow(values, rows[index] as LedgerRow);
        insertOne.run(values);
      }
    });
    this.maxBatch = options.maxBatch ?? 1000;
    this.timer = setInterval(() => this.flush(), options.flushIntervalMs ?? 250);
    this.timer.unref();
  }

  record(row: LedgerRow): void {
    if (this.closed) return;
    this.recorded++;
    this.queue.push(row);
    if (this.queue.length >= this.maxBatch && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes queued rows now. Never throws: a failing disk is reported and the rows are kept. */
  flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    const rows = this.queue;
    this.queue = [];
    try {
      this.insertMany(rows);
      this.written += rows.length;
    } catch (error) {
      this.queue = rows.concat(this.queue);
      this.onError(error);
    }
  }

  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    this.flush();
    this.closed = true;
    this.db.close();
  }
}
