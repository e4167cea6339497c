/**
 * What a terminal leaves on its screen from the bytes written to it, as text: the cursor moves
 * (along a line, and up and down between lines) and erases are applied, so that what was drawn
 * over or erased does not show. Not a full terminal: no wrapping at the width, no absolute
 * positions (ESC [ row ; col H), no scrolling region.
 */

/**
 * A carriage return, a line feed, CSI n and a final byte that moves the cursor or erases (read
 * below), any other CSI (colours, hiding the cursor: changes nothing shown) and OSC strings.
 */
const CONTROLS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: reading terminal escapes is the point
  /\r|\n|\u001b\[([0-9]*)([ABCDEFGJK])|\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

/** A line's cells; a hole is a cell never written or erased, shown as a space before text. */
type Cells = (string | undefined)[];

/**
 * The screen as the terminal leaves it, line by line:
 * - a carriage return, CSI n G (to column n; 1 when n is left out or 0, as readline and clack
 *   redraw a line with ESC [ 1 G or ESC [ G), CSI n C and CSI n D (right, left) move along the line,
 *   and what is written next covers what was there;
 * - a line feed goes to the start of the next line; CSI n A and CSI n B go up and down n lines
 *   (1 when n is left out; not above the first), in the same column; CSI n E and CSI n F go down
 *   and up to the start of a line;
 * - CSI K / CSI 0 K erases from the cursor to the line's end, CSI 1 K from its start to the cursor
 *   (included), CSI 2 K the whole line; CSI J / CSI 0 J erases from the cursor to the end of the
 *   screen (nothing shows below), CSI 1 J from its start to the cursor, CSI 2 J all of it.
 */
export function shownText(screen: string): string {
  const rows: Cells[] = [[]];
  let row = 0;
  let column = 0;
  const cellsAt = (index: number): Cells => {
    while (rows.length <= index) rows.push([]);
    return rows[index] as Cells;
  };
  const write = (text: string) => {
    const cells = cellsAt(row);
    for (const char of text) {
      cells[column] = char;
      column++;
    }
  };
  let from = 0;
  for (const control of screen.matchAll(CONTROLS)) {
    write(screen.slice(from, control.index));
    from = control.index + control[0].length;
    const [whole, number, action] = control;
    const n = Number(number || "0");
    const count = Math.max(n, 1);
    if (whole === "\r") column = 0;
    else if (whole === "\n") {
      row++;
      column = 0;
      cellsAt(row);
    } else if (action === "A") row = Math.max(row - count, 0);
    else if (action === "B") row += count;
    else if (action === "E" || action === "F") {
      row = action === "E" ? row + count : Math.max(row - count, 0);
      column = 0;
    } else if (action === "G") column = count - 1;
    else if (action === "C") column += count;
    else if (action === "D") column = Math.max(column - count, 0);
    else if (action === "K") eraseInLine(cellsAt(row), n, column);
    else if (action === "J" && n <= 2) {
      // From the start of the screen (1, 2), to its end (0, 2): the line the cursor is on as
      // CSI K erases it, the lines above emptied, and nothing left below.
      eraseInLine(cellsAt(row), n, column);
      if (n >= 1) for (let above = 0; above < row; above++) rows[above] = [];
      if (n !== 1) rows.length = row + 1;
    }
  }
  write(screen.slice(from));
  return rows.map(lineText).join("\n");
}

/** CSI n K on `cells` with the cursor at `column`: 0 to the end, 1 from the start, 2 all. */
function eraseInLine(cells: Cells, n: number, column: number): void {
  if (n === 0) cells.length = Math.min(cells.length, column);
  else if (n === 1) cells.fill(undefined, 0, column + 1);
  else if (n === 2) cells.length = 0;
}

/** A line's text: holes before its last character as spaces, none after it. */
function lineText(cells: Cells): string {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === undefined) end--;
  let text = "";
  for (let index = 0; index < end; index++) text += cells[index] ?? " ";
  return text;
}
