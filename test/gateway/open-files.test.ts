import { describe, expect, it } from "vitest";
import {
  parseOpenFilesLimit,
  RESERVED_FILES,
  streamCapacity,
} from "../../src/gateway/open-files.js";

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 4096                 files
Max locked memory         8388608              8388608              bytes
`;

describe("the open-files limit", () => {
  it("reads the soft limit from /proc/<pid>/limits", () => {
    expect(parseOpenFilesLimit(LIMITS)).toBe(1024);
    expect(parseOpenFilesLimit(LIMITS.replace("1024 ", "unlimited"))).toBeUndefined();
    expect(parseOpenFilesLimit("Max cpu time  unlimited  unlimited  seconds\n")).toBeUndefined();
  });

  it("keeps the configured stream cap when two sockets a stream fit", () => {
    // Connections: whatever the streams' upstream sockets and the reserve leave.
    expect(streamCapacity(1024, 20_000)).toEqual({
      maxStreams: 1024,
      maxConnections: 20_000 - RESERVED_FILES - 1024,
      shortfall: undefined,
    });
    expect(streamCapacity(1024, 1024 * 2 + RESERVED_FILES)).toMatchObject({
      maxStreams: 1024,
      maxConnections: 1024,
      shortfall: undefined,
    });
    expect(streamCapacity(1024, undefined)).toEqual({
      maxStreams: 1024,
      maxConnections: undefined,
      shortfall: undefined,
    });
  });

  it("lowers the cap to what fits, and says why and what to do", () => {
    const { maxStreams, maxConnections, shortfall } = streamCapacity(1024, 256);
    const warning = `${shortfall?.message} ${shortfall?.hint}`;
    expect(maxStreams).toBe(96);
    expect(maxConnections).toBe(96);
    expect(warning).toContain("may open 256 files");
    expect(warning).toContain("1024 concurrent streams need about 2112");
    expect(warning).toContain("serving at most 96 at once");
    expect(warning).toContain("429 gateway_busy");
    expect(warning).toContain("accepting at most 96 connections");
    expect(warning).toContain("ulimit -Hn");
    expect(warning).toContain("gateway.limits.maxConcurrentStreams to 96");
    // Never below one stream, however low the limit.
    expect(streamCapacity(1024, 10).maxStreams).toBe(1);
  });
});
