import { clipMessage, escapeControl } from '../util/escape.js';

/** Error codes are part of the JSON contract (`results[i].error.code`). */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_IO'
  | 'E_EMPTY'
  | 'E_HEADER'
  | 'E_FORMAT'
  | 'E_VALUE'
  | 'E_TRUNCATED'
  | 'E_TIME'
  | 'E_MASS'
  | 'E_SPEC'
  | 'E_VERSION'
  | 'E_CORRUPT'
  /** A bug in cyclekit, not a problem with the input: never reported as "not available". */
  | 'E_INTERNAL'
  /** A size or count past one of cyclekit's limits (src/util/limits.ts); the message names the variable that raises it. */
  | 'E_LIMIT';

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: string | number;
}

/**
 * The one error type cyclekit throws on purpose. It is caught once, in src/cli,
 * and rendered as `cyclekit: FILE:LINE: message` with exit code 2.
 */
export class CyclekitError extends Error {
  readonly code: ErrorCode;
  file: string | undefined;
  readonly line: number | undefined;
  readonly column: string | number | undefined;

  constructor(code: ErrorCode, message: string, where: ErrorLocation = {}) {
    super(message);
    this.name = 'CyclekitError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }

  /**
   * `FILE:LINE: message` — the form editors and CI logs link to. Always one line: control
   * characters from file names or quoted data are escaped, and a long quote is cut.
   */
  render(): string {
    const place = [this.file, this.line].filter((p) => p !== undefined).join(':');
    return escapeControl(clipMessage(place ? `${place}: ${this.message}` : this.message));
  }

  toJSON(): { code: ErrorCode; message: string; line: number | null; column: string | number | null } {
    return { code: this.code, message: clipMessage(this.message), line: this.line ?? null, column: this.column ?? null };
  }
}

export function isCyclekitError(err: unknown): err is CyclekitError {
  return err instanceof CyclekitError;
}
