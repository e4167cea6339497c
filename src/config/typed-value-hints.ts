/**
 * Hints for a `config set` refused because of what was typed, where the generic "give it a value
 * of the kind it takes" would not say what went wrong: a path that goes below a key that holds a
 * single value (`gateway.port[0]`), and a list or object whose strings lost their quotes to the
 * shell (`[moonshot/kimi-k2.5]`). Pure.
 */

import { singleQuoted } from "../util/shell-word.js";
import { parseJson5Quietly } from "./json5-quiet.js";
import { shellPath } from "./path-hints.js";
import { formatPath, type PathSegment } from "./schema-dsl.js";
import { isSecretKeyName, looksLikeSecret } from "./secret-names.js";
import { schemaNodeAt } from "./short-forms.js";

/**
 * When `edited` goes below the key at `issuePath` and that key holds one value (no list, no
 * keys): the key to set instead, what it takes, and that it is not a list (or has no keys).
 */
export function belowSingleValueHint(
  issuePath: string,
  edited: readonly PathSegment[],
): string | undefined {
  const length = edited.findIndex((_, index) => formatPath(edited.slice(0, index)) === issuePath);
  if (length <= 0 || length >= edited.length) return undefined;
  const key = edited.slice(0, length);
  const node = schemaNodeAt(key);
  if (!node || node.child) return undefined;
  const below = typeof edited[length] === "number" ? "is not a list" : "has no keys below it";
  return `${formatPath(key)} takes ${node.description}, and ${below}: openclaw config set ${shellPath(key)} <value>`;
}

/** `[a, b]` or `{k: v}` with no brackets or quotes inside: its pieces, else undefined. */
function flatPieces(text: string): { open: string; close: string; pieces: string[] } | undefined {
  const match = /^\s*([[{])([^[\]{}"'`]*)([\]}])\s*$/.exec(text);
  if (!match) return undefined;
  const [, open = "", inner = "", close = ""] = match;
  if ((open === "[") !== (close === "]")) return undefined;
  const pieces = inner.trim() === "" ? [] : inner.split(",").map((piece) => piece.trim());
  return pieces.some((piece) => piece === "") ? undefined : { open, close, pieces };
}

/** A piece as JSON5: kept when it is a number or true/false/null on its own, else a string. */
function quotedPiece(piece: string, secret: boolean): string {
  if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(piece)) return piece;
  return JSON.stringify(secret || looksLikeSecret(piece) ? "…" : piece);
}

/** The value typed as `[a, b]` / `{k: v}` with its strings quoted again, or undefined. */
function requoted(text: string): { value: string; hidden: boolean } | undefined {
  const flat = flatPieces(text);
  if (!flat) return undefined;
  let hidden = false;
  const shown = flat.pieces.map((piece) => {
    if (flat.open === "[") {
      const quoted = quotedPiece(piece, false);
      hidden ||= quoted === '"…"';
      return quoted;
    }
    const colon = piece.indexOf(":");
    if (colon <= 0) return undefined;
    const key = piece.slice(0, colon).trim();
    const value = piece.slice(colon + 1).trim();
    if (!/^[A-Za-z_$][\w$-]*$/.test(key) || value === "") return undefined;
    const quoted = quotedPiece(value, isSecretKeyName(key));
    hidden ||= quoted === '"…"';
    return `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${quoted}`;
  });
  if (shown.some((piece) => piece === undefined)) return undefined;
  const value = `${flat.open}${shown.join(", ")}${flat.close}`;
  try {
    parseJson5Quietly(value);
  } catch {
    return undefined;
  }
  return { value, hidden };
}

/**
 * When the value typed reads as a list or object but arrived as one string (`config set … [a/b]`:
 * the shell removed the quotes around its strings, so JSON5 could not read it): how to type it.
 */
export function lostQuotesHint(
  path: readonly PathSegment[],
  typed: { value: unknown; text: string } | undefined,
): string | undefined {
  if (!typed || typeof typed.value !== "string") return undefined;
  if (!/^\s*[[{][\s\S]*[\]}]\s*$/.test(typed.text)) return undefined;
  const kind = typed.text.trim().startsWith("[") ? "list" : "object";
  const words = `this ${kind} reached openclaw without the quotes around its strings (the shell removes them); quote the whole value in single quotes, its strings in double quotes`;
  const fixed = requoted(typed.text);
  if (!fixed) return `${words}: openclaw config set ${shellPath(path)} '<value>'`;
  const secret = fixed.hidden ? " (your values between the double quotes)" : "";
  return `${words}: openclaw config set ${shellPath(path)} ${singleQuoted(fixed.value)}${secret}`;
}

/**
 * When the value typed is `null` and the key does not take it: `config set … null` is how some
 * tools clear a setting, here `config unset` is.
 */
export function nullValueHint(
  path: readonly PathSegment[],
  typed: { value: unknown; text: string } | undefined,
): string | undefined {
  if (!typed || typed.value !== null) return undefined;
  return `${formatPath(path)} cannot be null; to remove it from the config, run: openclaw config unset ${shellPath(path)}`;
}
