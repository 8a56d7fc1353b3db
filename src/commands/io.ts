// Apart from program.ts, which imports the commands: a command importing it would close a cycle.
/** Where a command writes: the process's stdout and stderr, or a test's strings. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` reaches a terminal, where progress redraws one line instead of adding lines. */
  readonly errIsTerminal?: boolean;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  get errIsTerminal() {
    return process.stderr.isTTY;
  },
};

/** One run of the command line: its output, and the status it ends with once its work is done. */
export interface CliRun extends CliIo {
  status: number;
}
