/**
 * A strict reader of Prometheus' text exposition format 0.0.4, written from the format's rules
 * (not from our renderer), so a test can say what a scraper would refuse or misread: every rule
 * broken is one message in `problems`, and the families come back for checks of their values.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help: string | undefined;
  samples: Sample[];
}

export interface Exposition {
  families: Map<string, Family>;
  problems: string[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
/** What Go's strconv.ParseFloat takes, as Prometheus reads values, plus its special words. */
const VALUE = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Inf|NaN)$/;

function parseValue(text: string): number {
  if (text === "+Inf" || text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** The labels of `{…}` at `text[start]`, and where they end; escapes are \\, \" and \n only. */
function readLabels(
  text: string,
  start: number,
  problem: (message: string) => void,
): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let at = start + 1;
  while (at < text.length && text[at] !== "}") {
    const eq = text.indexOf("=", at);
    if (eq < 0) {
      problem("a label without '='");
      return { labels, end: text.length };
    }
    const name = text.slice(at, eq);
    if (!LABEL_NAME.test(name)) problem(`label name ${JSON.stringify(name)} is not valid`);
    if (name in labels) problem(`label ${name} given twice`);
    if (text[eq + 1] !== '"') {
      problem(`label ${name}'s value is not quoted`);
      return { labels, end: text.length };
    }
    let value = "";
    let i = eq + 2;
    for (; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === "\\") {
        const next = text[i + 1];
        if (next === "\\") value += "\\";
        else if (next === '"') value += '"';
        else if (next === "n") value += "\n";
        else problem(`label ${name} has the escape \\${next ?? ""}, which the format has not`);
        i++;
      } else value += text[i];
    }
    if (i >= text.length) {
      problem(`label ${name}'s value is not closed`);
      return { labels, end: text.length };
    }
    labels[name] = value;
    at = i + 1;
    if (text[at] === ",") at++;
    else if (text[at] !== "}") problem(`after label ${name}: ${JSON.stringify(text[at])}`);
  }
  return { labels, end: at + 1 };
}

/** The family a sample named `name` belongs to, given the families declared so far. */
function familyOf(name: string, declared: Map<string, Family>): Family | undefined {
  const direct = declared.get(name);
  if (direct) return direct;
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (!name.endsWith(suffix)) continue;
    const base = declared.get(name.slice(0, -suffix.length));
    if (base && (base.type === "histogram" || base.type === "summary")) return base;
  }
  return undefined;
}

export function parseExposition(text: string): Exposition {
  const families = new Map<string, Family>();
  const problems: string[] = [];
  const seenSeries = new Set<string>();
  /** Families whose lines have ended (another family's line came after them). */
  const closed = new Set<string>();
  let current: string | undefined;
  if (!text.endsWith("\n")) problems.push("the text does not end with a newline");
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const enter = (name: string, lineNo: number) => {
    if (current === name) return;
    if (closed.has(name)) problems.push(`line ${lineNo}: family ${name} is split in two`);
    if (current !== undefined) closed.add(current);
    current = name;
  };
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const problem = (message: string) => problems.push(`line ${lineNo}: ${message}`);
    if (line.trim() === "") return;
    if (line.startsWith("#")) {
      const match = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!match) return; // a plain comment
      const [, keyword, name = "", rest = ""] = match;
      if (!METRIC_NAME.test(name)) problem(`metric name ${name} is not valid`);
      enter(name, lineNo);
      let family = families.get(name);
      if (keyword === "TYPE") {
        if (!TYPES.has(rest)) problem(`type ${JSON.stringify(rest)} is not one of the format's`);
        if (family?.samples.length) problem(`TYPE of ${name} after its samples`);
        if (family?.type !== undefined && family.type !== "untyped-implicit")
          problem(`TYPE of ${name} given twice`);
        if (family) family.type = rest;
        else {
          family = { name, type: rest, help: undefined, samples: [] };
          families.set(name, family);
        }
      } else {
        if (/\\(?![\\n])/.test(rest)) problem(`HELP of ${name} has an escape the format has not`);
        if (family?.help !== undefined) problem(`HELP of ${name} given twice`);
        if (family) family.help = rest;
        else {
          family = { name, type: "untyped-implicit", help: rest, samples: [] };
          families.set(name, family);
        }
      }
      return;
    }
    const nameEnd = line.search(/[{ ]/);
    const name = nameEnd < 0 ? line : line.slice(0, nameEnd);
    if (!METRIC_NAME.test(name)) problem(`metric name ${JSON.stringify(name)} is not valid`);
    let labels: Record<string, string> = {};
    let rest = nameEnd < 0 ? "" : line.slice(nameEnd);
    if (rest.startsWith("{")) {
      const read = readLabels(rest, 0, problem);
      labels = read.labels;
      rest = rest.slice(read.end);
    }
    const fields = rest.trim().split(" ");
    if (!rest.startsWith(" ") || fields.length < 1 || fields.length > 2 || fields[0] === "")
      problem(`sample ${name} is not "name{labels} value [timestamp]"`);
    const valueText = fields[0] ?? "";
    if (!VALUE.test(valueText)) problem(`value ${JSON.stringify(valueText)} of ${name}`);
    const family = familyOf(name, families);
    if (!family) {
      problem(`sample ${name} before any TYPE of its family`);
      return;
    }
    enter(family.name, lineNo);
    const series = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seenSeries.has(series)) problem(`series ${series} given twice`);
    seenSeries.add(series);
    family.samples.push({ name, labels, value: parseValue(valueText) });
  });
  for (const family of families.values()) checkFamily(family, problems);
  return { families, problems };
}

/** The rules of a family's type: counters' names and signs, histograms' buckets. */
function checkFamily(family: Family, problems: string[]): void {
  const problem = (message: string) => problems.push(`${family.name}: ${message}`);
  if (family.type === "untyped-implicit") problem("HELP without TYPE");
  if (family.type === "counter") {
    if (!family.name.endsWith("_total")) problem("a counter whose name does not end in _total");
    for (const sample of family.samples)
      if (!(sample.value >= 0)) problem(`counter value ${sample.value}`);
  }
  if (family.type !== "histogram") return;
  const bySeries = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    const { le: _le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    bySeries.set(key, [...(bySeries.get(key) ?? []), sample]);
  }
  for (const [key, samples] of bySeries) {
    const buckets = samples.filter((s) => s.name === `${family.name}_bucket`);
    const sum = samples.find((s) => s.name === `${family.name}_sum`);
    const count = samples.find((s) => s.name === `${family.name}_count`);
    if (!sum) problem(`${key}: no _sum`);
    if (!count) problem(`${key}: no _count`);
    if (buckets.some((b) => b.labels.le === undefined)) problem(`${key}: a bucket without le`);
    const inf = buckets.find((b) => b.labels.le === "+Inf");
    if (!inf) problem(`${key}: no le="+Inf" bucket`);
    else if (count && inf.value !== count.value)
      problem(`${key}: le="+Inf" is ${inf.value}, _count ${count.value}`);
    let lastLe = Number.NEGATIVE_INFINITY;
    let lastCount = 0;
    for (const bucket of buckets) {
      const le = parseValue(bucket.labels.le ?? "");
      if (!(le > lastLe)) problem(`${key}: le="${bucket.labels.le}" not after le=${lastLe}`);
      if (bucket.value < lastCount) problem(`${key}: buckets not cumulative at le=${le}`);
      lastLe = le;
      lastCount = bucket.value;
    }
  }
}
