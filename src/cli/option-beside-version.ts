/**
 * Commander prints the version the moment it meets `--version` (`-V`), before it looks at the
 * rest of the line: main() reads the line without its version flags, as commander would then, to
 * refuse it beside the flag as it is refused without it.
 */

/**
 * `argv` without the version flags commander acts on: `-V` and `--version` before a `--`, and the
 * `V` of a group it starts (`-Vm` is `-m`). The program has no option that takes a value, so none
 * of them is one.
 */
export function withoutVersionFlags(argv: readonly string[]): string[] {
  const end = argv.indexOf("--");
  const options = end === -1 ? argv : argv.slice(0, end);
  const kept = options.flatMap((word) => {
    if (word === "-V" || word === "--version") return [];
    return word.startsWith("-V") ? [`-${word.slice(2)}`] : [word];
  });
  return [...kept, ...(end === -1 ? [] : argv.slice(end))];
}
