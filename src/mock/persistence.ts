import { accessSync, constants, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { writeAtomically } from '../common/atomic-file.js';
import { DEFAULT_READ_SIZES, readStateFile, type ReadOptions, type ReadState } from './state-reader.js';

/**
 * `--state-file`: the state is loaded at start and written atomically shortly after changes and at
 * shutdown. Atomic means temporary file, fsync, rename, fsync of the directory: a `kill -9` at any
 * moment leaves the previous or the next complete file, never a torn one.
 *
 * The text is written as it is produced, a megabyte at a time, straight off the live state: a
 * 100,000-host GroundWork estate is 300 MB of JSON, and neither a copy of the state nor the whole
 * text is ever held. The write is synchronous, which is what makes it one snapshot; so that a large
 * state does not keep the server busy, the next write waits at least three times as long as the
 * last one took (at most a quarter of the time goes to writing; small states still write 200 ms
 * after a change).
 */
export class StateFile {
  private timer?: NodeJS.Timeout;
  private dirty = false;
  /** Writes done, and how long the last one took (ms, the event loop busy throughout): in /__admin/health. */
  writes = 0;
  lastWriteMs = 0;

  constructor(
    readonly path: string,
    private readonly serialize: () => Iterable<string>,
    private readonly debounceMs = 200,
  ) {
    checkWritable(path);
  }

  /**
   * A `kill -9` during a write leaves its temporary file behind (`.state.json.<pid>.tmp`, up to the
   * size of the state). At start, those of this state file whose writer is gone are removed; one
   * whose process still runs (another mock on the same file) is left alone. Returns what was removed.
   */
  removeStaleTemporaries(): string[] {
    const dir = dirname(this.path);
    const prefix = `.${basename(this.path)}.`;
    const removed: string[] = [];
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return removed;
    }
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const pid = Number(name.slice(prefix.length, -'.tmp'.length));
      if (!Number.isInteger(pid) || pid <= 0 || (pid !== process.pid && processRuns(pid))) continue;
      rmSync(join(dir, name), { force: true });
      removed.push(join(dir, name));
    }
    return removed;
  }

  /**
   * The saved state, `{vendor: dump}`, handed to `use` (undefined when there is no file yet). The
   * lists `streamed(vendor)` names are handed over as StreamedLists, parsed as they are walked, and
   * only while `use` runs (unless the loader keeps one open for a lazy load, see IndexedList): a
   * 100,000-host estate is never held as one string or one parsed tree.
   */
  read<T>(
    streamed: (vendor: string) => readonly string[],
    use: (saved: Record<string, unknown>) => T,
    options: ReadOptions = {},
  ): T | undefined {
    if (!existsSync(this.path)) return undefined;
    let read: ReadState;
    try {
      read = readStateFile(this.path, streamed, DEFAULT_READ_SIZES, options);
    } catch (error) {
      throw new Error(
        `${this.path} is not a state file (${(error as Error).message}); move it away or pass another --state-file`,
        { cause: error },
      );
    }
    try {
      const { value } = read;
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        throw new Error(
          `${this.path} holds ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}, not a state file: ` +
            'that is an object by vendor, {"groundwork": {...}, ...}, as GET /__admin/state answers; ' +
            'move it away or pass another --state-file',
        );
      }
      return use(value as Record<string, unknown>);
    } finally {
      read.close();
    }
  }

  /** The delay before a write, given how long the last one took. */
  get delayMs(): number {
    return Math.max(this.debounceMs, Math.round(3 * this.lastWriteMs));
  }

  /** Something changed: write soon, once, however many changes come in the meantime. */
  markDirty(): void {
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    const started = performance.now();
    writeAtomically(this.path, this.serialize());
    this.lastWriteMs = performance.now() - started;
    this.writes++;
  }
}

/**
 * Found at start rather than at the first write (a stack trace minutes later): the file's directory
 * must exist and be writable, and the path must not be a directory.
 */
function checkWritable(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir))
    throw new Error(
      `--state-file ${path}: the directory ${dir} does not exist; create it first (mkdir -p ${dir}) or choose a file in an existing directory`,
    );
  if (!statSync(dir).isDirectory()) throw new Error(`--state-file ${path}: ${dir} is not a directory`);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new Error(`--state-file ${path} is a directory: pass a file path, e.g. ${join(path, 'state.json')}`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new Error(`--state-file ${path}: cannot write in ${dir} (permissions); choose a writable directory`);
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** writeSync may write less than asked; the rest follows. */
