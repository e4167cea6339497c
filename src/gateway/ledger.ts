/**
 * The usage ledger: one row per chat request (either API) in SQLite under the state dir. Rows are
 * queued in memory and handed in batches to a worker thread that owns the database, so neither a
 * response nor the event loop ever waits on SQLite or the disk. `close()` hands over whatever is
 * still queued and waits for the worker to write it, so a clean shutdown loses nothing.
 *
 * Queued rows live outside the JavaScript heap: each is written at once as a JSON line into a
 * Buffer, and a batch's bytes are transferred (not copied) to the worker. Rows kept as objects
 * for the quarter second between hand-overs survived young-generation collections and made each
 * of them several times slower, stalling every request in flight.
 */
import { closeSync, mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { PRUNE_ROWS_PER_STEP, PRUNED_SCHEMA, PRUNED_UPSERT, pruneBefore } from "./ledger-prune.js";
import {
  providerOfRef,
  ROLLUP_ADDED_COLUMNS,
  ROLLUP_REBUILD,
  ROLLUP_SCHEMA,
  ROLLUP_UPSERT,
  UsageRollup,
  upsertValues,
} from "./usage-rollup.js";

/**
 * The API a chat request came in on: `/v1/chat/completions`, `/v1/responses` or the legacy
 * `/v1/completions` (OpenAI's), or `/v1/messages` (Anthropic's).
 */
export type ChatApi = "chat_completions" | "responses" | "messages" | "completions";

/**
 * One request as the ledger stores it: who asked for which model, what answered, the tokens and
 * cost, the time it took and how it ended.
 */
export interface LedgerRow {
  /** Milliseconds since the epoch when the request arrived. */
  ts: number;
  /** The gateway's id of the request, as its answer's `x-request-id` header gives it. */
  requestId: string;
  /** Upstream `x-trace-id`, when the provider sent one. */
  traceId: string | undefined;
  /** The `user` field of the request, else the client's address. */
  client: string;
  /** The `model` the client asked for (a key pasted there masked); undefined when none was read. */
  modelRequested: string | undefined;
  /** Ref of the model that answered (or was called last, for a failure); undefined when none was called. */
  modelUsed: string | undefined;
  /**
   * The model the chain started from when the run moved on to another: the one that answered,
   * or for a failed run the one it called last (`modelUsed`).
   */
  fallbackFrom: string | undefined;
  /**
   * Upstream retries of the request (the same model again, a corrected request included), as
   * `/metrics` counts them; undefined on rows written before the ledger recorded them.
   */
  retries?: number | undefined;
  /** Whether the client asked for a streamed answer. */
  stream: boolean;
  /** Prompt tokens (0 when none were reported or estimated). */
  promptTokens: number;
  /** Output tokens, reasoning included. */
  completionTokens: number;
  /** Prompt tokens the provider served from its cache. */
  cachedTokens: number;
  /** Cost in USD at the model's configured prices (0 when it has none). */
  costUsd: number;
  /** Milliseconds from the request's arrival to its end. */
  latencyMs: number;
  /** Milliseconds from arrival to the first streamed output; undefined when nothing streamed. */
  ttftMs: number | undefined;
  /** HTTP status answered to the client. */
  status: number;
  /** `ok`, `error`, or `client_disconnect`. */
  outcome: string;
  /** What kind of failure it was (`upstream.rate_limit`, `client_disconnect`…); undefined on success. */
  errorClass: string | undefined;
  /**
   * The API the request came in on. The gateway always sets it; rows written before the ledger
   * recorded it read back without one.
   */
  api: ChatApi | undefined;
  /**
   * Web searches Moonshot ran for the answer (each billed by Moonshot beside the tokens); rows
   * written before the ledger recorded them read back as 0.
   */
  webSearches: number;
  /**
   * The tokens and cost are the gateway's estimate, not the provider's count: the upstream
   * accepted the request but reported no usage, either because the stream ended (client gone,
   * upstream broke) before its usage came or because it finished without any. False on rows
   * written before the ledger recorded it.
   */
  estimated: boolean;
  /**
   * Attempts of the request that failed after the provider had begun to answer them (a stream
   * cut, an error in the stream) before another attempt or model answered: the provider bills
   * those too. Tokens and cost are null where the provider reported none (unknown, not zero).
   * Absent on rows with none, and on rows written before the ledger recorded them.
   */
  fellThrough?: readonly FellThroughAttempt[] | undefined;
}

/** One attempt that fell through, as the `fell_through` column keeps it (JSON, snake_case). */
export interface FellThroughAttempt {
  /** Ref of the model the attempt called. */
  model: string;
  /** Prompt tokens the provider reported; null: unknown. */
  prompt_tokens: number | null;
  /** Output tokens the provider reported; null: unknown. */
  completion_tokens: number | null;
  /** Cached prompt tokens the provider reported; null: unknown. */
  cached_tokens: number | null;
  /** Their cost in USD; null: unknown. */
  cost_usd: number | null;
}

/** The columns of a row, in the order of its JSON array (the view names them). */
const COLUMN_NAMES = [
  ["ts", "INTEGER"],
  ["request_id", "TEXT"],
  ["trace_id", "TEXT"],
  ["client", "TEXT"],
  ["model_requested", "TEXT"],
  ["model_used", "TEXT"],
  ["provider", "TEXT"],
  ["fallback_from", "TEXT"],
  ["stream", "INTEGER"],
  ["prompt_tokens", "INTEGER"],
  ["completion_tokens", "INTEGER"],
  ["cached_tokens", "INTEGER"],
  ["cost_usd", "REAL"],
  ["latency_ms", "REAL"],
  ["ttft_ms", "REAL"],
  ["status", "INTEGER"],
  ["outcome", "TEXT"],
  ["error_class", "TEXT"],
  // Columns added later go last: a shorter row from an older version reads them as NULL.
  ["api", "TEXT"],
  ["web_searches", "INTEGER"],
  ["estimated", "INTEGER"],
  ["retries", "INTEGER"],
  // A JSON array of FellThroughAttempt (NULL: none).
  ["fell_through", "TEXT"],
] as const;

/**
 * The ledger's layout, kept in SQLite's `user_version`: raised only by a change an older openclaw
 * could not read or write correctly, which then refuses the file instead of writing rows a newer
 * one would misread. 0 is a ledger from before the version was kept (the same layout, or the
 * first version's table, which the writer migrates).
 */
export const LEDGER_VERSION = 1;

/** The names the `requests` view gives; a view without all of them is made again. */
const VIEW_COLUMNS = ["id", ...COLUMN_NAMES.map(([name]) => name)];

/** The columns of the first version's `requests` table: all but those added since. */
const V1_COLUMNS = COLUMN_NAMES.filter(
  ([name]) =>
    name !== "api" &&
    name !== "web_searches" &&
    name !== "estimated" &&
    name !== "retries" &&
    name !== "fell_through",
);

/** The columns of `requests` every ledger has (the first version's), which `openclaw usage` reads. */
export const LEDGER_BASE_COLUMNS: readonly string[] = ["id", ...V1_COLUMNS.map(([name]) => name)];

/**
 * Rows are stored as the JSON arrays they arrive as (`request_rows.row`), with `ts` pulled out
 * and indexed; the `requests` view gives them their column names and types, and is what
 * `openclaw usage` (or anyone with the sqlite3 shell) queries. Storing the line as it is costs
 * the writer about a third of what binding each column did.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS request_rows (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  row TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS request_rows_ts ON request_rows(ts);
CREATE VIEW IF NOT EXISTS requests AS SELECT id, ts, ${COLUMN_NAMES.slice(1)
  .map(([name, type], i) => `CAST(row ->> ${i + 1} AS ${type}) AS ${name}`)
  .join(", ")} FROM request_rows;
`;

/**
 * A ledger written by the first version had `requests` as a table: its rows move into
 * `request_rows` once, in one transaction, and the view takes its name.
 */
const MIGRATE_V1 = `
INSERT INTO request_rows (ts, row)
  SELECT ts, json_array(${V1_COLUMNS.map(([name]) => name).join(", ")}) FROM requests ORDER BY id;
DROP TABLE requests;
`;

const ROWS_PER_STATEMENT = 50;

/** One row as a JSON line: its values in the order of `COLUMN_NAMES`. */
function encodeRow(row: LedgerRow): string {
  const used = row.modelUsed;
  const values = [
    row.ts,
    row.requestId,
    row.traceId ?? null,
    row.client,
    row.modelRequested ?? null,
    used ?? null,
    providerOfRef(used) ?? null,
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
    row.api ?? null,
    row.webSearches,
    row.estimated ? 1 : 0,
    row.retries ?? null,
    row.fellThrough !== undefined && row.fellThrough.length > 0 ? row.fellThrough : null,
  ];
  return `${JSON.stringify(values)}\n`;
}

/** Rows encoded into one off-heap buffer, grown by doubling. */
class RowBatch {
  data: ArrayBuffer;
  private view: Buffer;
  used = 0;
  rows = 0;
  constructor(capacity: number) {
    this.data = new ArrayBuffer(capacity);
    this.view = Buffer.from(this.data);
  }
  append(line: string): void {
    const worst = line.length * 3;
    if (this.used + worst > this.data.byteLength) {
      const data = new ArrayBuffer(Math.max(this.data.byteLength * 2, this.used + worst));
      const view = Buffer.from(data);
      this.view.copy(view, 0, 0, this.used);
      this.data = data;
      this.view = view;
    }
    this.used += this.view.write(line, this.used, "utf8");
    this.rows++;
  }
}

/**
 * The worker's code, evaluated from a string so that it runs the same from the TypeScript sources
 * under test and from the built package; it only uses dynamic `import()`, which works whether
 * the process evaluates strings as CommonJS or as modules (`--input-type=module`). It receives
 * batches of JSON lines and answers with acks.
 */
const WORKER_SOURCE = `
(async function main() {
const { parentPort, workerData } = await import("node:worker_threads");
const Database = (await import(workerData.sqlite)).default;
const fs = await import("node:fs");
const { dirname } = await import("node:path");
const PER = ${ROWS_PER_STATEMENT};
// Opens (creating or migrating) the ledger at path; throws why it cannot.
function openLedger(path) {
  const db = new Database(path);
  try {
    setUp(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
function setUp(db) {
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  // A newer openclaw's layout: rows written here in this one's would be misread there.
  const version = db.pragma("user_version", { simple: true });
  if (version > workerData.version)
    throw Object.assign(new Error("ledger version " + version), { code: "OPENCLAW_LEDGER_NEWER", version });
  db.transaction(() => {
    const typeOf = (name) => db.prepare("SELECT type FROM sqlite_master WHERE name = ?").get(name)?.type;
    const old = typeOf("requests");
    const hadRollup = typeOf("usage_hourly") === "table";
    const schemaWithoutView = workerData.schema.slice(0, workerData.schema.indexOf("CREATE VIEW"));
    db.exec(schemaWithoutView);
    db.exec(workerData.rollupSchema);
    if (hadRollup) {
      // An older version's totals lack the columns added since: added, as 0 for the past.
      const have = new Set(db.prepare("SELECT name FROM pragma_table_info('usage_hourly')").pluck().all());
      for (const [name, definition] of workerData.rollupAddedColumns)
        if (!have.has(name)) db.exec("ALTER TABLE usage_hourly ADD COLUMN " + name + " " + definition);
    }
    if (old === "table") db.exec(workerData.migrate);
    // An older version's view lacks the columns added since, and "CREATE VIEW IF NOT EXISTS"
    // would keep it so: it is made again, in this transaction, with all of them.
    else if (old === "view") {
      const named = new Set(db.prepare("SELECT name FROM pragma_table_info('requests')").pluck().all());
      if (workerData.viewColumns.some((name) => !named.has(name))) db.exec("DROP VIEW requests");
    }
    db.exec(workerData.schema);
    // Rows written before the hourly totals existed get their totals now, once.
    if (!hadRollup) db.exec(workerData.rollupRebuild);
    if (version < workerData.version) db.pragma("user_version = " + workerData.version);
  })();
}
// Which file the ledger is (device and inode), to notice it removed or replaced while open.
const identityOf = (path) => {
  const found = fs.statSync(path);
  return { dev: found.dev, ino: found.ino };
};
// What the file looked like after this writer last wrote it: its size, times and first page. Only
// this writer changes it while the gateway runs (its own checkpoints, right after its writes), so
// a change between two writes is someone else's: another database copied over it in place (same
// inode), the file cut short, or another connection's checkpoint of this ledger (sameDatabase
// tells that one apart). A touch or chmod changes the times alone, and is let be.
const FIRST_PAGE = 4096;
function lookOf(path) {
  const found = fs.statSync(path);
  const page = Buffer.alloc(FIRST_PAGE);
  const fd = fs.openSync(path, "r");
  let read = 0;
  try {
    read = fs.readSync(fd, page, 0, page.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  return { size: found.size, mtimeMs: found.mtimeMs, ctimeMs: found.ctimeMs, page: page.subarray(0, read), journal: journalOf(path) };
}
// The journal (-wal) this writer writes, by inode: a sqlite3 shell older than this SQLite takes
// itself for the last connection when it closes, checkpoints the journal into the file and
// deletes it, and rows written on into the deleted journal would reach no reader.
function journalOf(path) {
  try {
    return fs.statSync(path + "-wal").ino;
  } catch {
    return undefined;
  }
}
// Whether the file now at the path is this ledger with its journal checkpointed into it by
// another program's connection (a sqlite3 shell, a backup tool): its header then says what this
// connection reads (pages, free pages, schema cookie, user_version, page size) and its size is
// those pages. Another database copied over it in place does not.
function sameDatabase(now) {
  if (now.page.length < 100) return false;
  const header = now.page;
  const simple = { simple: true };
  const pageSize = db.pragma("page_size", simple);
  const pages = db.pragma("page_count", simple);
  const headerPageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  return (
    headerPageSize === pageSize &&
    now.size === pages * pageSize &&
    header.readUInt32BE(28) === pages &&
    header.readUInt32BE(36) === db.pragma("freelist_count", simple) &&
    header.readUInt32BE(40) === db.pragma("schema_version", simple) &&
    header.readUInt32BE(60) === db.pragma("user_version", simple)
  );
}
// The rows the open ledger holds: a copy made when its file was damaged is trusted only when it
// has them all (a file changed in place leaves SQLite reading its own journal over another's pages).
const countRows = (db) => db.prepare("SELECT count(*) FROM request_rows").pluck().get();
let db;
let path = workerData.path;
let identity;
let look;
let rowsHeld;
try {
  db = openLedger(path);
  identity = identityOf(path);
  look = lookOf(path);
} catch (error) {
  parentPort.postMessage({ type: "open-failed", message: String(error && error.message || error), code: error && error.code, version: error && error.version });
  return;
}
const head = "INSERT INTO request_rows (ts, row) VALUES ";
// Each line is a JSON array whose first element is the time stamp.
const tsOf = (line) => Number(line.slice(1, line.indexOf(",")));
// Rows and their hourly totals go in together, so the two always agree.
function writerFor(db) {
  const insertOne = db.prepare(head + "(?, ?)");
  const insertBlock = db.prepare(head + new Array(PER).fill("(?, ?)").join(", "));
  const upsertHour = db.prepare(workerData.rollupUpsert);
  return db.transaction((lines, hourly) => {
    for (const values of hourly) upsertHour.run(values);
    let i = 0;
    for (; i + PER <= lines.length; i += PER) {
      const values = [];
      for (let j = i; j < i + PER; j++) values.push(tsOf(lines[j]), lines[j]);
      insertBlock.run(values);
    }
    for (; i < lines.length; i++) insertOne.run(tsOf(lines[i]), lines[i]);
  });
}
let insertAll = writerFor(db);
const SQLITE_HEADER = "SQLite format 3\0";
// What happened to the ledger's file since it was opened, if anything: removed, replaced by
// another file, or overwritten in place with something that is not SQLite's.
function fileProblem() {
  let found;
  try {
    found = fs.statSync(path);
  } catch (error) {
    return error && error.code === "ENOENT" ? "removed" : undefined;
  }
  if (found.dev !== identity.dev || found.ino !== identity.ino) return "replaced";
  const journalGone = look.journal !== undefined && journalOf(path) !== look.journal;
  if (!journalGone && found.size === look.size && found.mtimeMs === look.mtimeMs && found.ctimeMs === look.ctimeMs)
    return undefined;
  const now = lookOf(path);
  if (now.page.subarray(0, SQLITE_HEADER.length).toString("latin1") !== SQLITE_HEADER) return "overwritten";
  // Cut short: what is left is the start of what was there (another, smaller database is not).
  if (now.size < look.size && now.page.equals(look.page.subarray(0, now.page.length)))
    return "truncated";
  if ((now.size !== look.size || !now.page.equals(look.page)) && !sameDatabase(now)) return "rewritten";
  // The same ledger, checkpointed by another connection: every row is in the file. When that
  // connection also deleted the journal, this one is opened again, to write where readers read.
  if (journalGone) reopen();
  look = lookOf(path);
  return undefined;
}
// A connection that closed while this writer's write waited for its lock (a sqlite3 shell that
// held the ledger in a transaction) may have deleted the journal meanwhile: the write went into
// the deleted journal, where no reader sees it and where every later write would go too. Opening
// again checkpoints it into the file and writes on at the path. It never throws: the rows are
// written by then, and a failure said as the write's would have them written twice; opening
// again failed, the next write finds the journal gone and tries again.
function afterOwnWrite(journalBefore) {
  try {
    if (journalBefore !== undefined && journalOf(path) !== journalBefore) reopen();
    look = lookOf(path);
  } catch {}
}
function reopen() {
  // Closing checkpoints what the deleted journal still holds (pages the file already has).
  try { db.close(); } catch {}
  db = openLedger(path);
  identity = identityOf(path);
  rowsHeld = countRows(db);
  insertAll = writerFor(db);
}
// The open connection still reads every row (a removed file lives on while open): they are
// written out whole, at the ledger's path again, or, when another file took that path, beside
// it (that file is left alone). The writer goes on there.
function recover(problem) {
  const lost = path;
  // kept-2026-12-01T17-42-16: sorts by time, no colons.
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, "-");
  // Another file at the path (put there, or copied over this one in place) is someone's: left
  // as it is, the rows go beside it.
  const leftAlone = problem === "replaced" || problem === "rewritten";
  const target = leftAlone ? lost + ".kept-" + stamp : lost;
  const copy = target + ".writing-" + process.pid;
  // Its folder may have gone with it (rm -rf of the state directory): made again first, as the
  // gateway made it at start. Failing that, this write fails with the database still open, so
  // its rows are not lost and the next write tries again.
  fs.mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  let kept = true;
  try {
    db.prepare("VACUUM INTO ?").run(copy);
    // A file changed in place is read partly from its own journal, partly from what took its
    // pages: the copy is kept only when it is whole and holds every row this ledger had.
    if (problem !== "removed" && problem !== "replaced") {
      const check = new Database(copy, { readonly: true });
      try {
        kept = check.pragma("quick_check", { simple: true }) === "ok" && countRows(check) === rowsHeld;
      } finally {
        check.close();
      }
    }
  } catch {
    kept = false;
  }
  if (!kept) fs.rmSync(copy, { force: true });
  // Closing checkpoints the journal into the file the connection has open: for a file changed in
  // place, that is the file now at the path. Its bytes are saved first and put back after.
  const saved = problem === "rewritten" ? lost + ".saving-" + process.pid : undefined;
  if (saved) fs.copyFileSync(lost, saved);
  try { db.close(); } catch {}
  // The old file's journal (-wal) and its index, when closing left them: SQLite would replay
  // that journal into whatever is at the path now, the new ledger or the file that took it.
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(lost + suffix, { force: true });
  if (saved) fs.renameSync(saved, lost);
  // What is left of a file cut short still holds rows that sqlite3's .recover may read: set
  // aside, not removed, when they could not be copied.
  let setAside;
  if (kept) {
    fs.renameSync(copy, target);
    fs.chmodSync(target, 0o600);
  } else if (problem === "truncated") {
    setAside = lost + ".truncated-" + stamp;
    fs.renameSync(lost, setAside);
  } else if (!leftAlone) fs.rmSync(target, { force: true });
  fs.closeSync(fs.openSync(target, "a", 0o600));
  db = openLedger(target);
  path = target;
  identity = identityOf(target);
  look = lookOf(target);
  rowsHeld = countRows(db);
  insertAll = writerFor(db);
  parentPort.postMessage({ type: "file-lost", problem, path: lost, now: target, kept, setAside });
}
parentPort.postMessage({ type: "ready" });
// Counted once the gateway is told the ledger is open: a large ledger's count does not hold its
// start. Unknown (NaN), no copy of a file changed in place is said to hold every row.
try {
  rowsHeld = countRows(db);
} catch {
  rowsHeld = Number.NaN;
}
// Removing old rows (gateway.ledger.keepDays): a few thousand per transaction, the next step
// after the messages waiting, so rows keep being written while a large ledger is cut down.
// Their hourly totals stay; ledger_pruned says from when rows are gone, for openclaw usage.
// A prune asked for while one runs (a reload that changed keepDays) moves the running one's
// cut-off: its next step removes only what the newer keepDays removes.
let stopped = false;
let pruning;
function pruneStep() {
  const job = pruning;
  if (stopped || job === undefined) return;
  let gone;
  try {
    const problem = fileProblem();
    if (problem) recover(problem);
    const journalBefore = look.journal;
    gone = db.transaction(() => {
      // The oldest rows go first: when this step leaves older rows than the cut-off, every row
      // before the last it removes is gone, and only that is recorded (a prune stopped part way
      // by a shutdown or a failure claims no row gone that is still there).
      const last = db
        .prepare("SELECT ts FROM request_rows WHERE ts < ? ORDER BY ts LIMIT 1 OFFSET ?")
        .pluck()
        .get(job.before, job.per - 1);
      const changes = db
        .prepare("DELETE FROM request_rows WHERE id IN (SELECT id FROM request_rows WHERE ts < ? ORDER BY ts LIMIT ?)")
        .run(job.before, job.per).changes;
      if (changes > 0 || job.removed > 0) {
        db.exec(workerData.prunedSchema);
        db.prepare(workerData.prunedUpsert).run(last === undefined ? job.before : last, job.keepDays);
      }
      return changes;
    })();
    rowsHeld -= gone;
    afterOwnWrite(journalBefore);
  } catch (error) {
    pruning = undefined;
    parentPort.postMessage({ type: "prune-failed", id: job.id, seq: job.seq, rows: job.removed, message: String(error && error.message || error) });
    return;
  }
  job.removed += gone;
  if (gone < job.per) {
    pruning = undefined;
    parentPort.postMessage({ type: "pruned", id: job.id, seq: job.seq, rows: job.removed });
    return;
  }
  setImmediate(pruneStep);
}
const decoder = new TextDecoder();
parentPort.on("message", (message) => {
  if (message.type === "prune") {
    // keepDays taken out of the config: the running prune stops where it is.
    if (message.stop) {
      parentPort.postMessage({ type: "pruned", id: message.id, seq: message.seq, rows: pruning === undefined ? 0 : pruning.removed });
      pruning = undefined;
      return;
    }
    if (pruning !== undefined) {
      Object.assign(pruning, { seq: message.seq, before: message.before, keepDays: message.keepDays });
      return;
    }
    pruning = { id: message.id, seq: message.seq, before: message.before, keepDays: message.keepDays, per: message.per, removed: 0 };
    pruneStep();
    return;
  }
  if (message.type === "rows") {
    try {
      const problem = fileProblem();
      if (problem) recover(problem);
      const text = decoder.decode(new Uint8Array(message.data, 0, message.length));
      const lines = text.split("\\n");
      if (lines[lines.length - 1] === "") lines.pop();
      const journalBefore = look.journal;
      insertAll(lines, message.hourly);
      rowsHeld += lines.length;
      // After this writer's own checkpoint: what the file looks like when nobody else touched it.
      afterOwnWrite(journalBefore);
      parentPort.postMessage({ type: "written", id: message.id, rows: lines.length });
    } catch (error) {
      parentPort.postMessage(
        { type: "failed", id: message.id, message: String(error && error.message || error), data: message.data, length: message.length, rows: message.rows, hourly: message.hourly },
        [message.data],
      );
    }
  } else if (message.type === "close") {
    stopped = true;
    // A prune the shutdown stops is answered with the rows it did remove.
    if (pruning !== undefined)
      parentPort.postMessage({ type: "pruned", id: pruning.id, seq: pruning.seq, rows: pruning.removed });
    db.close();
    parentPort.postMessage({ type: "closed" });
    parentPort.close();
  }
});
})();
`;

/** Where `UsageLedger` writes and how often. */
export interface LedgerOptions {
  /** The SQLite file; made (0600, its directory 0700) when missing. */
  path: string;
  /** Milliseconds between batch hand-overs to the writer thread. */
  flushIntervalMs?: number;
  /** Queue length that triggers an early hand-over. */
  maxBatch?: number;
  /** Bytes of rows kept for a failing disk before the oldest are dropped (64 MiB). */
  maxPendingBytes?: number;
}

type WorkerMessage =
  | { type: "ready" }
  | { type: "open-failed"; message: string; code?: string; version?: number }
  | { type: "written"; id: number; rows: number }
  | ({ type: "failed"; id: number; message: string } & Omit<Handover, "seq">)
  | ({ type: "file-lost" } & LedgerFileLost)
  | { type: "pruned"; id: number; seq: number; rows: number }
  | { type: "prune-failed"; id: number; seq: number; rows: number; message: string }
  | { type: "closed" };

/** What one prune did: the rows it removed, all from before `before` (ms since the epoch). */
export interface LedgerPruned {
  /** Rows removed. */
  rows: number;
  /** The cut-off: rows that arrived before it (ms since the epoch) were removed. */
  before: number;
  /** The `gateway.ledger.keepDays` it applied. */
  keepDays: number;
  /** Why it stopped early (a locked database, a full disk), with `rows` removed before that. */
  failed?: string;
}

/**
 * The ledger's file was removed, replaced by another file, or overwritten in place while the
 * gateway ran. The writer wrote the rows it still had open (`kept`) to `now`, the ledger's path
 * again or, when another file took the path, a file beside it, and goes on writing there.
 */
export interface LedgerFileLost {
  /**
   * `rewritten`: another SQLite database copied over it in place (`cp other.sqlite usage.sqlite`:
   * the same file, other contents); `truncated`: cut short, its SQLite header kept.
   */
  problem: "removed" | "replaced" | "overwritten" | "rewritten" | "truncated";
  /** The ledger's path. */
  path: string;
  /** Where the writer writes from now on. */
  now: string;
  /** Whether the rows written before were saved there; false: they could not be read back. */
  kept: boolean;
  /** Where what was left of a truncated ledger was moved when its rows could not be read back. */
  setAside?: string;
}

/**
 * The writer stored rows again after one or more failed writes (a locked database, a full disk):
 * how many writes failed in between, and how many rows were dropped to bound what was kept.
 */
export interface LedgerWritingAgain {
  /** Writes that failed in between. */
  failedWrites: number;
  /** Rows dropped meanwhile to bound memory (never written). */
  droppedRows: number;
}

/**
 * Rows the ledger gave up on, told through `onError`: unlike a failed write's rows, which are
 * kept and written later, these are gone (the writer thread stopped, or rows waited longer than
 * memory allows).
 */
export class LedgerRowsLost extends Error {
  constructor(
    readonly rows: number,
    readonly reason: "writer_stopped" | "kept_too_long",
  ) {
    super(
      reason === "writer_stopped"
        ? `usage ledger: the writer stopped; ${rows} row${rows === 1 ? "" : "s"} not written`
        : `usage ledger: ${rows} rows dropped after repeated write failures, the oldest, to bound what is kept in memory; rows dropped after them are counted and said when it is written again`,
    );
    this.name = "LedgerRowsLost";
  }
}

/** Bytes of rows kept for a failing disk before the oldest batches are dropped (and reported). */
const MAX_PENDING_BYTES = 64 * 1024 * 1024;
const FIRST_BATCH_BYTES = 64 * 1024;
/** The longest wait between two tries of a ledger that cannot be written. */
export const MAX_RETRY_DELAY_MS = 4_000;

/**
 * How long to wait before trying a failing ledger again: twice the last wait, from the usual
 * hand-over interval up to `MAX_RETRY_DELAY_MS`. A full disk stays full for minutes; trying at
 * every hand-over only burned the writer thread on rows that could not be written.
 */
export function nextRetryDelay(lastDelayMs: number | undefined, intervalMs: number): number {
  return Math.min(Math.max(intervalMs, (lastDelayMs ?? intervalMs / 2) * 2), MAX_RETRY_DELAY_MS);
}

interface Handover {
  /** Which hand-over came first: failed ones go back into the queue in this order. */
  seq: number;
  data: ArrayBuffer;
  length: number;
  rows: number;
  /** The hourly totals of exactly these rows, as `ROLLUP_UPSERT` values. */
  hourly: Array<Array<string | number>>;
}

/**
 * The gateway's usage ledger: one row per request in a SQLite file (`requests`, with hourly
 * totals), written in batches by a worker thread so a request never waits on the disk.
 * `record` queues a row; `flush` and `close` write what is queued.
 */
export class UsageLedger {
  private readonly worker: Worker;
  private batch = new RowBatch(FIRST_BATCH_BYTES);
  /** Hourly totals of the rows in `batch`. */
  private readonly rollup = new UsageRollup();
  /**
   * Batches waiting for the writer: those it failed to store, and while it fails, those queued
   * since, all handed over once a try succeeds.
   */
  private retry: Handover[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly flushIntervalMs: number;
  /** The wait before the next try while writes fail, and when (monotonic ms) that try is due. */
  private retryDelayMs: number | undefined;
  private retryDueAt = 0;
  private nextSeq = 1;
  private readonly maxBatchRows: number;
  private readonly maxPendingBytes: number;
  /**
   * Whether the loss of rows to a stopped writer was told: it is told once, as every later row
   * is lost too, not at every hand-over (four times a second under traffic).
   */
  private writerStoppedSaid = false;
  private flushScheduled = false;
  private closing: Promise<void> | undefined;
  private nextBatch = 1;
  /** Batches handed over and not yet acknowledged, kept to retry after a failure. */
  private readonly inFlight = new Map<number, { seq: number; done: () => void }>();
  private readonly opened: Promise<void>;
  private closed = false;
  private writerGone = false;
  private readonly exited: Promise<void>;
  /** Rows handed to `record`, and rows the writer acknowledged: tests compare the two. */
  recorded = 0;
  /** Rows the writer has acknowledged as stored. */
  written = 0;
  /**
   * Told when the writer fails or rows are lost (a `LedgerRowsLost` says how many and why).
   * Does nothing until set.
   */
  onError: (error: unknown) => void = () => {};
  /**
   * Told once when a write succeeds after failed ones. A failing write is told through `onError`
   * only when its reason is new: a database locked for a minute, or a full disk, failed every
   * 250 ms hand-over and said so each time, and nothing said when it was over.
   */
  onWritingAgain: (event: LedgerWritingAgain) => void = () => {};
  /** The write failures since the last write that succeeded. */
  private failing: { reason: string; writes: number; droppedRows: number } | undefined;
  /** Told once each time the ledger's file is found removed, replaced or overwritten. */
  onFileLost: (event: LedgerFileLost) => void = () => {};
  /**
   * The prune running, if any. One asked for meanwhile with another cut-off moves this one's
   * (`seq` counts what was sent to the writer; it answers the last one once it is done).
   */
  private pruning:
    | {
        id: number;
        seq: number;
        before: number;
        keepDays: number;
        removed: number;
        result: Promise<LedgerPruned>;
        done: (failed?: string) => void;
      }
    | undefined;

  constructor(options: LedgerOptions) {
    mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
    // Create the file 0600 before SQLite opens it (SQLite gives its journal files the same mode).
    closeSync(openSync(options.path, "a", 0o600));
    const sqlite = pathToFileURL(createRequire(import.meta.url).resolve("better-sqlite3")).href;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path: options.path,
        sqlite,
        schema: SCHEMA,
        viewColumns: VIEW_COLUMNS,
        migrate: MIGRATE_V1,
        rollupSchema: ROLLUP_SCHEMA,
        rollupAddedColumns: ROLLUP_ADDED_COLUMNS,
        rollupUpsert: ROLLUP_UPSERT,
        rollupRebuild: ROLLUP_REBUILD,
        version: LEDGER_VERSION,
        prunedSchema: PRUNED_SCHEMA,
        prunedUpsert: PRUNED_UPSERT,
      },
    });
    this.worker.unref();
    this.opened = new Promise((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.type === "ready") resolve();
        else if (message.type === "open-failed")
          reject(
            Object.assign(new Error(message.message), {
              code: message.code,
              ledgerVersion: message.version,
            }),
          );
      };
      this.worker.on("message", onMessage);
      this.worker.once("error", reject);
    });
    this.opened.catch(() => {}); // reported through ready()
    this.worker.on("message", (message: WorkerMessage) => this.onMessage(message));
    this.worker.on("error", (error) => this.onError(error));
    this.exited = new Promise((resolve) => {
      this.worker.once("exit", () => {
        // A writer that is gone answers nothing more: release whoever waits on it.
        this.writerGone = true;
        for (const batch of this.inFlight.values()) batch.done();
        this.inFlight.clear();
        this.pruning?.done();
        resolve();
      });
    });
    this.maxBatchRows = options.maxBatch ?? 1000;
    this.maxPendingBytes = options.maxPendingBytes ?? MAX_PENDING_BYTES;
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.timer = setInterval(() => {
      if (this.dueToTry()) void this.flush();
    }, this.flushIntervalMs);
    this.timer.unref();
  }

  /**
   * Whether a timed hand-over should try the writer now: always while writes succeed; while they
   * fail, only once the last try has answered and its wait (growing, see `nextRetryDelay`) is over.
   */
  private dueToTry(): boolean {
    if (!this.failing) return true;
    return this.inFlight.size === 0 && performance.now() >= this.retryDueAt;
  }

  /** Puts a batch the writer could not store back in the queue, in order, within the bound. */
  private keep(handover: Handover): void {
    const failing = this.failing;
    let at = this.retry.length;
    while (at > 0 && (this.retry[at - 1]?.seq ?? 0) > handover.seq) at--;
    this.retry.splice(at, 0, handover);
    let kept = this.retry.reduce((sum, one) => sum + one.length, 0);
    while (failing && kept > this.maxPendingBytes && this.retry.length > 1) {
      const dropped = this.retry.shift() as Handover;
      kept -= dropped.length;
      // Told at the first drop only: past the bound, a batch is dropped at every failed
      // hand-over, and the log said so four times a second; the total comes with onWritingAgain.
      if (failing.droppedRows === 0)
        this.onError(new LedgerRowsLost(dropped.rows, "kept_too_long"));
      failing.droppedRows += dropped.rows;
    }
  }

  /** Resolves once the database is open; rejects with why it could not be. */
  ready(): Promise<void> {
    return this.opened;
  }

  /**
   * Removes the request rows older than `keepDays` days (whole hours, see `pruneBefore`), a few
   * thousand per transaction in the writer thread, between its writes of new rows; the hourly
   * totals stay. Resolves with how many rows went, and why it stopped early if it did; never
   * rejects. A prune asked for while one runs gets that one's result.
   */
  prune(keepDays: number, now = Date.now()): Promise<LedgerPruned> {
    const before = pruneBefore(keepDays, now);
    const running = this.pruning;
    if (running) {
      // A reload changed keepDays meanwhile: the running prune goes on to the new cut-off only,
      // so a keepDays raised stops it removing rows the new setting keeps.
      if (running.before !== before || running.keepDays !== keepDays) {
        running.before = before;
        running.keepDays = keepDays;
        if (running.seq > 0) this.sendPrune(running);
      }
      return running.result;
    }
    if (this.closed || this.closing || this.writerGone)
      return Promise.resolve({ rows: 0, before, keepDays });
    const id = this.nextBatch++;
    let finish: (pruned: LedgerPruned) => void = () => {};
    const result = new Promise<LedgerPruned>((resolve) => {
      finish = resolve;
    });
    const job = {
      id,
      seq: 0,
      before,
      keepDays,
      removed: 0,
      result,
      done: (failed?: string) => {
        if (this.pruning === job) this.pruning = undefined;
        finish({
          rows: job.removed,
          before: job.before,
          keepDays: job.keepDays,
          ...(failed === undefined ? {} : { failed }),
        });
      },
    };
    this.pruning = job;
    void this.opened.then(
      () => {
        if (this.pruning === job) this.sendPrune(job);
      },
      () => job.done(),
    );
    return result;
  }

  /**
   * Stops the running prune, if any, where it is (keepDays taken out of the config while it
   * ran): its result tells the rows it removed until then.
   */
  stopPruning(): void {
    const job = this.pruning;
    if (job === undefined) return;
    if (job.seq === 0) job.done();
    else this.sendPrune(job, true);
  }

  /** Hands the writer a prune, the running prune's new cut-off, or (`stop`) its end. */
  private sendPrune(
    job: { id: number; seq: number; before: number; keepDays: number },
    stop = false,
  ): void {
    job.seq++;
    this.worker.postMessage({
      type: "prune",
      id: job.id,
      seq: job.seq,
      before: job.before,
      keepDays: job.keepDays,
      per: PRUNE_ROWS_PER_STEP,
      stop,
    });
  }

  private onMessage(message: WorkerMessage): void {
    if (message.type === "pruned" || message.type === "prune-failed") {
      const job = this.pruning;
      if (job?.id !== message.id) return;
      job.removed += message.rows;
      // An answer to an earlier cut-off: the writer has the newer one still to apply.
      if (message.seq !== job.seq) return;
      job.done(message.type === "prune-failed" ? message.message : undefined);
    } else if (message.type === "file-lost") {
      const { problem, path, now, kept, setAside } = message;
      this.onFileLost({ problem, path, now, kept, ...(setAside ? { setAside } : {}) });
    } else if (message.type === "written") {
      const batch = this.inFlight.get(message.id);
      this.inFlight.delete(message.id);
      this.written += message.rows;
      this.retryDelayMs = undefined;
      if (this.failing) {
        const { writes, droppedRows } = this.failing;
        this.failing = undefined;
        this.onWritingAgain({ failedWrites: writes, droppedRows });
      }
      batch?.done();
    } else if (message.type === "failed") {
      const batch = this.inFlight.get(message.id);
      this.inFlight.delete(message.id);
      if (this.failing?.reason !== message.message) this.onError(new Error(message.message));
      this.failing = {
        reason: message.message,
        writes: (this.failing?.writes ?? 0) + 1,
        droppedRows: this.failing?.droppedRows ?? 0,
      };
      this.retryDelayMs = nextRetryDelay(this.retryDelayMs, this.flushIntervalMs);
      this.retryDueAt = performance.now() + this.retryDelayMs;
      // Keep the rows (handed back by the writer) for the next try, within a bound.
      this.keep({
        seq: batch?.seq ?? 0,
        data: message.data,
        length: message.length,
        rows: message.rows,
        hourly: message.hourly,
      });
      batch?.done();
    }
  }

  /** Queues one request's row; it is written at the next hand-over. Does nothing once closed. */
  record(row: LedgerRow): void {
    if (this.closed) return;
    this.recorded++;
    this.batch.append(encodeRow(row));
    this.rollup.add(row);
    if (this.batch.rows >= this.maxBatchRows && !this.flushScheduled && this.dueToTry()) {
      this.flushScheduled = true;
      setImmediate(() => {
        void this.flush();
      });
    }
  }

  /** Hands queued rows to the writer; resolves when they are written (or reported as failed). */
  flush(): Promise<void> {
    this.flushScheduled = false;
    if (this.writerGone) {
      const lost = this.batch.rows + this.retry.reduce((sum, handover) => sum + handover.rows, 0);
      if (lost > 0 && !this.writerStoppedSaid) {
        this.writerStoppedSaid = true;
        this.onError(new LedgerRowsLost(lost, "writer_stopped"));
      }
      this.batch = new RowBatch(FIRST_BATCH_BYTES);
      this.retry = [];
      this.rollup.take();
      return Promise.resolve();
    }
    const pending = [...this.inFlight.values()].map(
      (batch) =>
        new Promise<void>((resolve) => {
          const done = batch.done;
          batch.done = () => {
            done();
            resolve();
          };
        }),
    );
    const batch = this.batch;
    if (batch.rows > 0) {
      // Newest last; the bound is applied when a try fails, as the rows kept are then known.
      this.retry.push({
        seq: this.nextSeq++,
        data: batch.data,
        length: batch.used,
        rows: batch.rows,
        hourly: this.rollup.take().map(upsertValues),
      });
      this.batch = new RowBatch(Math.min(Math.max(FIRST_BATCH_BYTES, batch.used * 2), 1 << 24));
    }
    // While writes fail, a try hands over the oldest batch alone: the rest (up to 64 MiB) waits
    // for it to be written, instead of going to the writer again at each try to fail again, each
    // counted as a failed write. Once it is written, the rest follows at once.
    const trying = this.failing !== undefined;
    const handovers = trying ? this.retry.splice(0, 1) : this.retry.splice(0);
    for (const handover of handovers) {
      const id = this.nextBatch++;
      pending.push(
        new Promise<void>((resolve) => {
          this.inFlight.set(id, { seq: handover.seq, done: resolve });
        }),
      );
      const { seq: _seq, ...sent } = handover;
      this.worker.postMessage({ type: "rows", id, ...sent }, [handover.data]);
    }
    return Promise.all(pending).then(() =>
      trying && !this.failing && this.retry.length > 0 ? this.flush() : undefined,
    );
  }

  /** Writes everything still queued, then closes the database. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      try {
        await this.opened;
      } catch {
        this.closed = true;
        await this.worker.terminate();
        return;
      }
      await this.flush();
      this.closed = true;
      if (!this.writerGone) {
        this.worker.ref();
        this.worker.postMessage({ type: "close" });
      }
      await this.exited;
    })();
    return this.closing;
  }
}
