/**
 * Reading a chat request's body: the size limit, `Expect: 100-continue` (the 100 goes out only
 * once the request may proceed), and the bytes' encoding. A body the gateway would have to guess
 * at is refused rather than passed on with U+FFFD in place of what it could not read: compressed
 * bodies (415, by Content-Encoding or a Transfer-Encoding other than chunked), a charset other
 * than UTF-8 (415), bytes that are not UTF-8 (400 `invalid_encoding`, naming the offset, or
 * saying the body looks like UTF-16). A leading byte-order mark is dropped, as JSON parsers are
 * allowed to.
 */

import { isUtf8 } from "node:buffer";
import type { IncomingMessage, ServerResponse } from "node:http";
import { printable } from "../util/printable.js";
import { badRequest, GatewayHttpError } from "./http-error.js";
import { limitSetting } from "./limit-setting.js";
import { closeAfterAnswer, keepConnectionAfterAnswer } from "./lingering-close.js";

/** Node's own test for a `100-continue` expectation. */
const CONTINUE = /(?:^|\W)100-continue(?:$|\W)/i;

/**
 * Whether the client waits for a 100 before its body. An HTTP/1.0 client's expectation is
 * ignored, as RFC 9110 §10.1.1 says it must be (as Node does): such a client may not know 1xx
 * answers, and would take the 100 for the answer itself.
 */
export function expectsContinue(req: IncomingMessage): boolean {
  const expect = req.headers.expect;
  return (
    expect !== undefined &&
    CONTINUE.test(expect) &&
    !(req.httpVersionMajor === 1 && req.httpVersionMinor === 0)
  );
}

/** A 413 naming where the limit is set (`limitSetting`'s words; the config's unless told). */
export function tooLarge(
  maxBytes: number,
  setting = limitSetting("maxBodyBytes", false),
): GatewayHttpError {
  return new GatewayHttpError(
    413,
    "invalid_request_error",
    `request body exceeds ${maxBytes} bytes, this gateway's limit (${setting})`,
    { code: "request_too_large", errorClass: "bad_request" },
  );
}

function unsupported(message: string, code: string): GatewayHttpError {
  return new GatewayHttpError(415, "invalid_request_error", message, {
    code,
    errorClass: "bad_request",
  });
}

/** What is wrong with the body's declared encoding, before a byte of it is read. */
function checkDeclaredEncoding(req: IncomingMessage): void {
  const encoding = req.headers["content-encoding"]?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== "" && encoding !== "identity") {
    throw unsupported(
      `Content-Encoding ${JSON.stringify(printable(encoding).slice(0, 60))} is not supported: send the request body uncompressed (no Content-Encoding header)`,
      "unsupported_content_encoding",
    );
  }
  // Node decodes only the chunked framing and passes "gzip, chunked" on as if the body were plain.
  const transfer = req.headers["transfer-encoding"];
  if (transfer !== undefined && transfer.trim().toLowerCase() !== "chunked") {
    throw unsupported(
      `Transfer-Encoding ${JSON.stringify(printable(transfer.trim()).slice(0, 60))} is not supported: send the request body uncompressed, with Content-Length or Transfer-Encoding: chunked alone`,
      "unsupported_transfer_encoding",
    );
  }
  const type = req.headers["content-type"];
  const charset =
    type === undefined ? undefined : /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1];
  if (charset !== undefined && !["utf-8", "utf8", "us-ascii"].includes(charset.toLowerCase())) {
    throw unsupported(
      `the request body's charset is ${JSON.stringify(printable(charset).slice(0, 60))}: this gateway reads only UTF-8 (send Content-Type: application/json, or application/json; charset=utf-8, with the body encoded as UTF-8)`,
      "unsupported_charset",
    );
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0; // overlong
      if (b === 0xed) max = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90; // overlong
      if (b === 0xf4) max = 0x8f; // beyond U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const low = k === 1 ? min : 0x80;
      const high = k === 1 ? max : 0xbf;
      if (c < low || c > high) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Why `raw` looks like UTF-16, if it does: a UTF-16 byte-order mark (FF FE, FE FF), or a zero
 * byte in every other place of its start, as JSON's ASCII punctuation and names are in UTF-16
 * (JSON in UTF-8 has no zero bytes at all).
 */
export function utf16Evidence(raw: Uint8Array): string | undefined {
  if (
    raw.length >= 2 &&
    ((raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff))
  )
    return `it starts with the UTF-16 byte-order mark 0x${raw[0]?.toString(16)} 0x${raw[1]?.toString(16)}`;
  const pairs = Math.min(raw.length >> 1, 16);
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (raw[i] === 0) evenZeros++;
    if (raw[i + 1] === 0) oddZeros++;
  }
  const lopsided =
    (oddZeros >= pairs / 2 && evenZeros === 0) || (evenZeros >= pairs / 2 && oddZeros === 0);
  return lopsided ? "every other byte of its start is zero" : undefined;
}

/** The 400 (`invalid_encoding`) for a body that is not UTF-8, if it is not. */
function encodingProblem(raw: Buffer): GatewayHttpError | undefined {
  const utf16 = utf16Evidence(raw);
  if (utf16 !== undefined) {
    return badRequest(
      `the request body looks like UTF-16 (${utf16}): this gateway reads only UTF-8, so send the JSON encoded as UTF-8`,
      null,
      "invalid_encoding",
    );
  }
  if (isUtf8(raw)) return undefined;
  const at = firstInvalidUtf8(raw);
  return badRequest(
    `the request body is not valid UTF-8: byte 0x${(raw[at] ?? 0).toString(16).padStart(2, "0")} at offset ${at} does not start or continue a UTF-8 sequence (send JSON encoded as UTF-8)`,
    null,
    "invalid_encoding",
  );
}

/** A body `readBody` returned (known to be UTF-8) as text, its byte-order mark dropped. */
export function decodeBody(raw: Buffer): string {
  const bom = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  return raw.toString("utf8", bom ? 3 : 0);
}

/**
 * The body's bytes, up to `maxBytes`. `beforeBody` runs once the request may proceed, just before
 * reading (it sends the 100 a client waiting on `Expect: 100-continue` needs). Bytes that are not
 * UTF-8 are refused here, with their own 400 (`invalid_encoding`), before any JSON parsing. A body
 * over the limit is a 413 naming `limitSetting`, where the limit is set (decided at start).
 */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  beforeBody?: () => void,
  limitSetting?: string,
): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return Promise.reject(tooLarge(maxBytes, limitSetting));
  }
  try {
    checkDeclaredEncoding(req);
  } catch (error) {
    return Promise.reject(error);
  }
  beforeBody?.();
  return new Promise((resolve, reject) => {
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    let settled = false;
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        settled = true;
        reject(tooLarge(maxBytes, limitSetting));
      } else if (first === undefined) first = chunk;
      else {
        chunks ??= [first];
        chunks.push(chunk);
      }
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      const body = chunks ? Buffer.concat(chunks, size) : (first ?? Buffer.alloc(0));
      const problem = encodingProblem(body);
      if (problem) reject(problem);
      else resolve(body);
    });
    req.on("error", (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    req.on("aborted", () => {
      if (settled) return;
      settled = true;
      reject(
        new GatewayHttpError(499, "invalid_request_error", "client closed the request", {
          errorClass: "client_disconnect",
        }),
      );
    });
  });
}

/**
 * The `checkContinue` side: a client waiting on `Expect: 100-continue` is answered first with
 * `connection: close` set, so that a refusal (401, 413, 415) closes the connection whose body
 * never came; `continueIfExpected` lifts it and sends the 100 once the body is wanted.
 */
export function awaitingContinue(res: ServerResponse): void {
  closeAfterAnswer(res);
}

/** Sends the `100 Continue` a waiting client needs; nothing for other clients. */
export function continueIfExpected(
  req: IncomingMessage,
  res: ServerResponse,
  keepConnection: boolean,
): void {
  if (!expectsContinue(req) || res.headersSent) return;
  if (keepConnection) keepConnectionAfterAnswer(res);
  res.writeContinue();
}
