/** Shared table printing for benchmarks: aligned columns, numbers formatted, ratios side by side. */
export function printTable(title: string, headers: string[], rows: (string | number)[][]): void {
  const cells = rows.map((row) =>
    row.map((cell) => (typeof cell === "number" ? formatNumber(cell) : cell)),
  );
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => (row[column] ?? "").length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ");
  process.stdout.write(
    `\n${title}\n${line(headers)}\n${widths.map((width) => "-".repeat(width)).join("  ")}\n`,
  );
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString("en-US");
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Median of `values`: the middle one, or the mean of the two middle ones for an even count; NaN when empty. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    "then" in value &&
    typeof value.then === "function"
  );
}

/**
 * Median of repeated timings (ms) of `fn`, after `warmup` untimed calls. When `fn` returns a
 * promise, each call is awaited before the next starts and the median comes back as a promise.
 */
export function medianMs(
  fn: () => PromiseLike<unknown>,
  runs: number,
  warmup?: number,
): Promise<number>;
export function medianMs(fn: () => unknown, runs: number, warmup?: number): number;
export function medianMs(fn: () => unknown, runs: number, warmup = 2): number | Promise<number> {
  const times: number[] = [];
  const record = (call: number, start: bigint) => {
    if (call >= warmup) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  };
  const calls = warmup + runs;
  for (let call = 0; call < calls; call++) {
    const start = process.hrtime.bigint();
    const result = fn();
    if (isThenable(result)) {
      return (async () => {
        await result;
        record(call, start);
        for (let next = call + 1; next < calls; next++) {
          const nextStart = process.hrtime.bigint();
          await fn();
          record(next, nextStart);
        }
        return median(times);
      })();
    }
    record(call, start);
  }
  return median(times);
}
