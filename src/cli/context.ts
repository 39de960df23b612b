/** Where a command's output goes: the process's streams, or a test's buffers. */
export interface RunContext {
  stdout: (text: string) => void;
  /** Bytes already encoded as UTF-8 (a replayed output); absent: they are decoded and go through `stdout`. */
  stdoutBytes?: (bytes: Uint8Array) => void;
  /**
   * Resolves when what was written to stdout has left the process: output written in pieces
   * waits on it, so a slow reader (a pipe) does not make the pieces pile up in memory.
   */
  stdoutDrained?: () => Promise<void>;
  stderr: (text: string) => void;
  debug: boolean;
  /** Progress is drawn only on a terminal; absent means not a terminal. */
  stderrIsTTY?: boolean;
}

export const defaultContext: RunContext = {
  stdout: (t) => process.stdout.write(t),
  stdoutBytes: (b) => process.stdout.write(b),
  stdoutDrained: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', () => resolve())) : Promise.resolve()),
  stderr: (t) => process.stderr.write(t),
  debug: false,
  stderrIsTTY: process.stderr.isTTY === true,
};
