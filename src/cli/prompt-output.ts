/**
 * The output a chat's readline prompt writes to, which can be silenced while an answer is being
 * written. Readline echoes what is typed and redraws its line (moving the cursor, clearing the
 * screen below it) whenever a key is pressed; during an answer that would land in the middle of
 * the answer's text. Silenced, what is typed ahead is kept and shown at the next prompt instead.
 */
import { Writable } from "node:stream";

export class PromptOutput extends Writable {
  /** While true, what readline writes is dropped. */
  quiet = false;

  constructor(private readonly target: NodeJS.WriteStream) {
    super();
    // Readline lays its line out by the terminal's width, and redraws it when that changes.
    target.on("resize", () => this.emit("resize"));
  }

  get columns(): number {
    return this.target.columns;
  }

  get rows(): number {
    return this.target.rows;
  }

  get isTTY(): boolean {
    return this.target.isTTY;
  }

  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    if (!this.quiet) this.target.write(chunk);
    callback();
  }
}
