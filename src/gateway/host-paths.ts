/**
 * What a client of a gateway bound beyond loopback reads of the gateway host's files. Error
 * messages name the config line to fix (`/home/jo/.openclaw/openclaw.json:7`), which helps the
 * person at the gateway host; a client elsewhere on the network would learn the operator's home
 * path and file layout from it. There each such path is cut to its file name and line, and said
 * to be on the gateway host, so the message still says what to fix and where. The gateway's own
 * log keeps the full path.
 */
import { basename, isAbsolute } from "node:path";

/** The places whose paths a remote client is not told. */
export interface HostPaths {
  /** Directories (the state dir, the config's, the home dir): any path under one is cut. */
  readonly dirs: readonly string[];
}

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** How a cut path reads: its file or directory name, its `:line`, and a full stop after it. */
type CutPath = (name: string, line: string, stop: string) => string;

const ON_THE_HOST: CutPath = (name, line, stop) => `${name}${line}${stop} on the gateway host`;

/**
 * `text` with every path under `paths.dirs` (the directory itself too), with its `:line` when
 * one follows, as `name[:line] on the gateway host` (or as `cut` says). A directory of `/` (or a
 * relative one) is no place to cut at: everything would be under it.
 */
export function withoutHostPaths(text: string, paths: HostPaths, cut = ON_THE_HOST): string {
  const dirs = [...new Set(paths.dirs.map((dir) => dir.replace(/[/\\]+$/, "")))]
    .filter((dir) => dir.length > 0 && isAbsolute(dir))
    // Longest first: the state dir under the home dir is matched as itself.
    .sort((a, b) => b.length - a.length);
  if (dirs.length === 0) return text;
  // After the directory, the rest of the path up to a space, quote, bracket or sentence mark;
  // then an optional `:line` (or `:line:column`).
  const pattern = new RegExp(
    `(?:${dirs.map(escapeForRegExp).join("|")})(?=[/\\\\\\s"'\`()<>,;:]|\\.(?:\\s|$)|$)((?:[/\\\\][^\\s"'\`()<>,;:]*)*)((?::\\d+){0,2})`,
    "g",
  );
  return text.replace(pattern, (whole: string, rest: string, line: string) => {
    // A path ending a sentence keeps its full stop outside.
    const stop = rest.match(/\.+$/)?.[0] ?? "";
    const path = whole.slice(0, whole.length - line.length - stop.length);
    const name = basename(path) || path;
    return cut(name, line, stop);
  });
}

/**
 * An openclaw command a message tells its reader to run (`openclaw onboard --auth-choice …`),
 * with the variables set before it (`OPENCLAW_STATE_DIR=/srv/gw `, a value maybe quoted), up to
 * the end of its clause: backticks, a `;`, a `)` or the line's end.
 */
const HOST_COMMAND =
  /(`?)((?:[A-Z][A-Z0-9_]*=(?:'[^']*'|[^\s'`;)]+) )*openclaw (?:onboard|config|models|doctor)\b[^;)`\n]*?)(\1)(?=\s*(?:[;)\n]|$))/g;

/** A path inside a command: `…/name`, the command as a whole being said to be run on the host. */
const IN_COMMAND: CutPath = (name, line, stop) => `…/${name}${line}${stop}`;

/**
 * A message for a client elsewhere on the network: no path of the host, and each openclaw
 * command it says to run is said to be run on the gateway host, where the config is. A path
 * inside such a command (the state dir a config object's gateway reads keys from) is cut to
 * `…/name` there, so the command still reads as one: not `OPENCLAW_STATE_DIR=gw on the gateway
 * host openclaw onboard on the gateway host`.
 */
export function forRemoteClient(message: string, paths: HostPaths): string {
  const commands = message.replace(
    HOST_COMMAND,
    (command: string) => `${withoutHostPaths(command, paths, IN_COMMAND)} on the gateway host`,
  );
  return withoutHostPaths(commands, paths);
}
