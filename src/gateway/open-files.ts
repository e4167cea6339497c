/**
 * How many upstream streams fit in this process's open-files limit. Each stream holds two
 * sockets (the client's and the upstream's); with more streams than fit, every new connection
 * fails with EMFILE and the requests already accepted cannot reach their provider either. Node
 * raises the soft limit to the hard one at start, so what is left is a low hard limit (a
 * container, a service manager) — rare, and confusing when it strikes.
 */
import { readFileSync } from "node:fs";

/** Descriptors kept for everything else: stdio, the ledger and its journal, watchers, idle keep-alives. */
export const RESERVED_FILES = 64;

/**
 * The fewest open files the gateway starts with (and then serves one stream at a time): Node
 * itself holds about 20, and the gateway's modules, files and sockets need the rest.
 */
export const GATEWAY_MIN_OPEN_FILES = 64;

/** How to raise the limit, for a gateway that would not start under it. */
export const RAISE_OPEN_FILES_HINT =
  "raise the open-files limit: ulimit -n 1024 in the shell before starting it, LimitNOFILE=1024 under systemd, --ulimit nofile=1024 for docker";

/** True when `openFiles` is known and under GATEWAY_MIN_OPEN_FILES. */
export function belowGatewayFloor(openFiles: number | undefined): openFiles is number {
  return openFiles !== undefined && openFiles < GATEWAY_MIN_OPEN_FILES;
}

/** The soft open-files limit from the text of `/proc/<pid>/limits`; undefined when unlimited or absent. */
export function parseOpenFilesLimit(limitsText: string): number | undefined {
  const line = limitsText.split("\n").find((entry) => entry.startsWith("Max open files"));
  const soft = line?.slice("Max open files".length).trim().split(/\s+/)[0];
  if (soft === undefined || !/^\d+$/.test(soft)) return undefined;
  return Number(soft);
}

/** This process's open-files limit where the system says it (Linux), else undefined. */
export function openFilesLimit(): number | undefined {
  try {
    return parseOpenFilesLimit(readFileSync("/proc/self/limits", "utf8"));
  } catch {
    return undefined;
  }
}

export interface StreamCapacity {
  /** Upstream streams to allow at once: the configured cap, or fewer when files are short. */
  maxStreams: number;
  /**
   * Client connections to accept at once, so that every stream allowed can still open its
   * upstream socket; undefined when the limit is unknown. Beyond it a new connection is closed
   * at once (clients retry) instead of being accepted and failing with EMFILE upstream.
   */
  maxConnections: number | undefined;
  /** Why it is lower than configured, and what to do; undefined when it is not. */
  shortfall: { message: string; hint: string } | undefined;
}

/** The configured stream cap, lowered to what `openFiles` descriptors can carry. */
export function streamCapacity(configured: number, openFiles: number | undefined): StreamCapacity {
  if (openFiles === undefined) {
    return { maxStreams: configured, maxConnections: undefined, shortfall: undefined };
  }
  const fitting = Math.max(1, Math.floor((openFiles - RESERVED_FILES) / 2));
  const connectionsFor = (streams: number) =>
    Math.max(streams, openFiles - RESERVED_FILES - streams);
  if (fitting >= configured) {
    return {
      maxStreams: configured,
      maxConnections: connectionsFor(configured),
      shortfall: undefined,
    };
  }
  const needed = configured * 2 + RESERVED_FILES;
  return {
    maxStreams: fitting,
    maxConnections: connectionsFor(fitting),
    shortfall: {
      message: `this process may open ${openFiles} files, and ${configured} concurrent streams need about ${needed} (a client and an upstream socket each): serving at most ${fitting} at once (beyond that, clients get 429 gateway_busy with Retry-After) and accepting at most ${connectionsFor(fitting)} connections`,
      hint: `raise the open-files limit (the hard one: ulimit -Hn, LimitNOFILE= under systemd, --ulimit nofile= for docker), or set gateway.limits.maxConcurrentStreams to ${fitting} to silence this`,
    },
  };
}
