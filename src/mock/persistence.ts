import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/**
 * `--state-file`: the state is loaded at start and written atomically shortly after changes and at
 * shutdown. Atomic means temporary file, fsync, rename, fsync of the directory: a `kill -9` at any
 * moment leaves the previous or the next complete file, never a torn one.
 */
export class StateFile {
  private timer?: NodeJS.Timeout;
  private dirty = false;

  constructor(
    readonly path: string,
    private readonly dump: () => unknown,
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

  /** Something changed: write soon, once, however many changes come in the meantime. */
  markDirty(): void {
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    writeAtomically(this.path, JSON.stringify(this.dump()));
  }
}

export function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  // The rename is durable only once the directory entry is.
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
