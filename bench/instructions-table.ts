/** The instruction benchmark's options and its table: plain functions, so a test can check them. */
import { formatNumber, median } from "./table.js";

export interface InstructionOptions {
  /** Requests sent before counting, per kind (JSON, streamed), for the JIT to settle. */
  warmup: number;
  /** Requests per counted batch. */
  requests: number;
  /** Counted batches per kind; their spread shows whether the warm-up was long enough. */
  batches: number;
  connections: number;
}

const DEFAULTS: InstructionOptions = { warmup: 3000, requests: 500, batches: 2, connections: 1 };
const NAMES = Object.keys(DEFAULTS) as (keyof InstructionOptions)[];

function isOptionName(name: string): name is keyof InstructionOptions {
  return (NAMES as string[]).includes(name);
}

/** Reads `--warmup`, `--requests`, `--batches`, `--connections` (whole numbers); throws on a bad one. */
export function parseInstructionArgs(argv: string[]): InstructionOptions {
  const options: InstructionOptions = { ...DEFAULTS };
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index] ?? "";
    const name = flag.startsWith("--") ? flag.slice(2) : "";
    if (!isOptionName(name))
      throw new Error(
        `unknown option ${flag} (known: ${NAMES.map((known) => `--${known}`).join(", ")})`,
      );
    const text = argv[index + 1];
    const value = Number(text);
    if (text === undefined || !Number.isInteger(value) || value < 1 || value > 100_000)
      throw new Error(`${flag} takes a whole number from 1 to 100000, not ${text ?? "nothing"}`);
    options[name] = value;
  }
  return options;
}

/** Instructions per request of one target, one figure per counted batch. */
export interface Counted {
  name: string;
  json: number[];
  stream: number[];
}

function spread(values: number[]): string {
  const middle = median(values);
  if (values.length < 2 || !(middle > 0)) return "-";
  return `${(((Math.max(...values) - Math.min(...values)) / middle) * 100).toFixed(1)}%`;
}

/** Floor and gateway side by side: medians, their spread over batches, and the gateway's ratio. */
export function instructionTable(
  floor: Counted,
  gateway: Counted,
): { headers: string[]; rows: string[][] } {
  const row = (counted: Counted) => {
    const json = median(counted.json);
    const stream = median(counted.stream);
    return [
      counted.name,
      formatNumber(json),
      spread(counted.json),
      formatNumber(stream),
      spread(counted.stream),
      `${(json / median(floor.json)).toFixed(2)}×`,
      `${(stream / median(floor.stream)).toFixed(2)}×`,
    ];
  };
  return {
    headers: [
      "target",
      "JSON Ir/req",
      "spread",
      "streamed Ir/req",
      "spread",
      "JSON vs floor",
      "streamed vs floor",
    ],
    rows: [
      row(floor),
      row(gateway),
      [
        "gateway minus floor",
        formatNumber(median(gateway.json) - median(floor.json)),
        "",
        formatNumber(median(gateway.stream) - median(floor.stream)),
        "",
        "",
        "",
      ],
    ],
  };
}
