/**
 * An answer as it streams to a terminal, wrapped at spaces: a terminal breaks a line that is too
 * wide at its last cell, in the middle of a word, and a 40-column window read `explanat` / `ion`.
 * Words that fit on no line (a URL, a path, a long identifier) go whole on a line of their own,
 * to be copied; a line's further lines keep its indent (a list item's, under its text); lines
 * inside a fenced code block (```) and table rows (`| a | b |`) go as written, since breaking
 * them would change what they say. Chinese or Japanese text is broken between its characters,
 * as wrapText does.
 *
 * Only a word is held back (until its end shows whether it fits), so the answer still streams.
 */
import { displayWidth, eastAsianBreaks } from "./display-width.js";

export interface AnswerWrap {
  /** What to write for `text`, the next part of the answer; a word not yet ended is held. */
  take(text: string): string;
  /** What is still held (the last word), to be written now. */
  flush(): string;
  /** Something else ended the line on the screen: the next text starts a new line. */
  lineEnded(): void;
}

/** A list item's marker: its further lines go under its text. */
const LIST_MARKER = /^(?:[-*+•]|\d{1,3}[.)])$/;
const FENCE = /^\s*(?:```|~~~)/;
/** An indent wider than this part of the line is not kept: the text would have no room left. */
const MOST_INDENT = 0.5;

/** `width()`: the terminal's columns, read for each part (a window may be resized mid-answer). */
export function createAnswerWrap(width: () => number): AnswerWrap {
  let column = 0;
  /** The spaces a line starts with, then its further lines' indent once its first word is in. */
  let indent = "";
  let wordsOnLine = 0;
  let spaces = "";
  let word = "";
  /** The word too wide for any line that is being written as it comes. */
  let longWord = false;
  /** This line goes as written: inside a code block, a fence, a table row. */
  let asWritten = false;
  let lineText = "";
  let inCode = false;
  let out = "";

  const room = () => Math.max(1, width());
  const startLine = () => {
    column = 0;
    indent = "";
    wordsOnLine = 0;
    spaces = "";
    longWord = false;
    asWritten = inCode;
    lineText = "";
  };
  startLine();

  /** A new screen line for the rest of the words, under the line's indent. */
  const breakLine = () => {
    out += `\n${indent}`;
    column = displayWidth(indent);
    spaces = "";
  };

  /** Puts `piece` on the line after `joint` (the spaces before it, "" inside a CJK word). */
  const place = (piece: string, joint: string) => {
    const cells = displayWidth(piece);
    if (wordsOnLine === 0) {
      // The line's first word, after the spaces it starts with: those are its indent.
      out += `${indent}${piece}`;
      column = displayWidth(indent) + cells;
      if (LIST_MARKER.test(piece)) indent += " ".repeat(cells + 1);
      if (displayWidth(indent) > room() * MOST_INDENT) indent = "";
    } else if (column + displayWidth(joint) + cells <= room()) {
      out += `${joint}${piece}`;
      column += displayWidth(joint) + cells;
    } else {
      breakLine();
      out += piece;
      column += cells;
    }
    wordsOnLine++;
    spaces = "";
  };

  /** Places the pieces of `word` that are complete: all of them when the word has ended. */
  const placeWord = (ended: boolean) => {
    if (word === "") return;
    const pieces = eastAsianBreaks(word);
    const done = ended ? pieces : pieces.slice(0, -1);
    done.forEach((piece, index) => {
      place(piece, index === 0 ? spaces : "");
    });
    word = ended ? "" : pieces.slice(done.length).join("");
    if (done.length > 0 && !ended) spaces = "";
  };

  /**
   * A word that already fits on no line goes out as it comes, on a line of its own: held, it
   * would keep a long URL off the screen until its end.
   */
  const startLongWordIfTooWide = () => {
    const cells = displayWidth(word);
    if (cells <= room() - displayWidth(indent)) return;
    if (wordsOnLine > 0) breakLine();
    else out += indent;
    out += word;
    column += cells;
    wordsOnLine++;
    word = "";
    longWord = true;
  };

  const endLine = () => {
    if (asWritten) {
      if (FENCE.test(lineText)) inCode = !inCode;
    } else {
      placeWord(true);
      if (FENCE.test(lineText)) inCode = !inCode;
    }
    out += "\n";
    startLine();
  };

  const takeChar = (char: string) => {
    if (char === "\n") {
      endLine();
      return;
    }
    lineText += char;
    if (asWritten) {
      out += char;
      return;
    }
    if (char === " " || char === "\t") {
      if (longWord) {
        // Whatever follows a word wider than the line goes on the next line.
        longWord = false;
        column = room();
      }
      placeWord(true);
      if (wordsOnLine === 0) indent += char;
      else spaces += char;
      return;
    }
    if (wordsOnLine === 0 && word === "" && char === "|") {
      // A table row: its cells line up only as written.
      asWritten = true;
      out += `${indent}${char}`;
      return;
    }
    if (longWord) {
      out += char;
      column += displayWidth(char);
      return;
    }
    word += char;
    if (displayWidth(word) > 1 && !/^[\x20-\x7e]*$/.test(word)) placeWord(false);
    startLongWordIfTooWide();
  };

  return {
    take(text) {
      out = "";
      for (const char of text) takeChar(char);
      return out;
    },
    flush() {
      out = "";
      if (!asWritten) placeWord(true);
      // The rest of the line may still come (a note was written between two parts).
      return out;
    },
    lineEnded() {
      out = "";
      word = "";
      startLine();
    },
  };
}
