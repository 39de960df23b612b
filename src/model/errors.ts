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
 * How an option is called where the error is shown: the library's field name (`referenceCycle`)
 * by default; the CLI names its flag (`--reference-cycle`), `check` its spec key.
 */
export type FieldNamer = (field: string) => string;

const asField: FieldNamer = (field) => field;

/**
 * The one error type cyclekit throws on purpose. It is caught once, in src/cli,
 * and rendered as `cyclekit: FILE:LINE: message` with exit code 2.
 */
export class CyclekitError extends Error {
  readonly code: ErrorCode;
  file: string | undefined;
  readonly line: number | undefined;
  readonly column: string | number | undefined;
  /** The option (library field name) the error is about, when it is about one. */
  readonly field: string | undefined;
  /** Words the message again with options named another way; set by `fieldError`. */
  private readonly phrase: ((name: FieldNamer) => string) | undefined;

  constructor(code: ErrorCode, message: string, where: ErrorLocation = {}, about?: { field: string; phrase: (name: FieldNamer) => string }) {
    super(message);
    this.name = 'CyclekitError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.field = about?.field;
    this.phrase = about?.phrase;
  }

  /**
   * Name the options in the message as the caller knows them (the CLI's flags, a spec's keys).
   * The message is worded afresh from its parts, so naming twice is harmless.
   */
  nameFields(name: FieldNamer): this {
    if (this.phrase) this.message = this.phrase(name);
    return this;
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

/**
 * An error about an option of an analysis or of loading. `phrase` words the message with each
 * option it mentions passed through `name`: the library's message names fields
 * (`referenceCycle 9: no such cycle`), and the CLI renames them to flags once (src/cli/flag-names.ts).
 */
export function fieldError(code: ErrorCode, field: string, phrase: (name: FieldNamer) => string, where: ErrorLocation = {}): CyclekitError {
  return new CyclekitError(code, phrase(asField), where, { field, phrase });
}

export function isCyclekitError(err: unknown): err is CyclekitError {
  return err instanceof CyclekitError;
}
