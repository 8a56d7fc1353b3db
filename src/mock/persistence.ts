import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

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
  ) {}

  read(): unknown | undefined {
    if (!existsSync(this.path)) return undefined;
    const text = readFileSync(this.path, 'utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`${this.path} is not a state file (${(error as Error).message}); move it away or pass another --state-file`);
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

/** Writes the pieces to a temporary file in ~1 MB writes, fsyncs it, renames it over `path`. */
export function writeAtomically(path: string, pieces: Iterable<string> | string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    let pending = '';
    for (const piece of typeof pieces === 'string' ? [pieces] : pieces) {
      pending += piece;
      if (pending.length >= 1 << 20) {
        writeAll(fd, pending);
        pending = '';
      }
    }
    if (pending.length > 0) writeAll(fd, pending);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
  // The rename is durable only once the directory entry is.
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** writeSync may write less than asked; the rest follows. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}
