import type { CheckFileResult } from '../gate/outcome.js';
import { escapeControlInBlock } from '../util/escape.js';
import { checkCsvRows, checkJson, checkJunit, checkPlain, CHECK_CSV_HEADER, type CheckReportFile } from './check.js';
import { toCsv, type CsvDialect } from './csv.js';
import type { FileOutcome } from './emitters.js';
import { githubAnnotations, checkMarkdown } from './github.js';
import { envelope } from './json.js';
import { makeStyle } from './style.js';

export type CheckReportKind = 'plain' | 'json' | 'junit' | 'csv' | 'github';

export interface CheckReportSettings {
  kind: CheckReportKind;
  specName: string;
  dialect: CsvDialect;
  /** JUnit's timestamp and the whole run's duration. */
  timestamp: string;
  totalS: number;
  /** The report goes to a file (-o): stdout then shows the plain summary (unless quiet). */
  toFile: boolean;
  quiet: boolean;
  failOnNa: boolean;
}

/** What `check` writes: stdout, the -o file, and GitHub's job summary (Markdown). */
export interface CheckReportOutput {
  stdout: string;
  file: string | null;
  jobSummary: string | null;
}

/** Every file of a check run in the report kind asked for, and where each part goes. */
export function checkReport(outcomes: FileOutcome<CheckFileResult>[], s: CheckReportSettings): CheckReportOutput {
  const files: CheckReportFile[] = outcomes.map((o) => {
    if (!('error' in o)) return { file: o.file, result: o.result };
    o.error.file ??= o.file;
    return { file: o.file, error: { ...o.error.toJSON(), rendered: o.error.render() } };
  });
  const plainStyle = makeStyle({ isTTY: false } as NodeJS.WriteStream);
  if (s.kind === 'github') {
    // Annotations go to stdout, where the runner reads them; the Markdown summary to the job summary file.
    const markdown = checkMarkdown(files, s.specName);
    return { stdout: escapeControlInBlock(checkPlain(files, plainStyle), false) + githubAnnotations(files, s.failOnNa), file: s.toFile ? markdown : null, jobSummary: markdown };
  }
  const style = makeStyle();
  let text: string;
  if (s.kind === 'json') {
    text = envelope('check', outcomes.map((o) => ('error' in o ? { file: o.file, error: o.error.toJSON() } : { file: o.file, ...checkJson(o.result) })));
  } else if (s.kind === 'junit') text = checkJunit(files, s.specName, { timestamp: s.timestamp, totalS: s.totalS });
  else if (s.kind === 'csv') {
    const rows: (string | number | null)[][] = [];
    for (const o of outcomes) if (!('error' in o)) for (const r of checkCsvRows(o.result)) rows.push([o.file, ...r]);
    text = toCsv(['file', ...CHECK_CSV_HEADER], rows, s.dialect);
  } else {
    const shown = s.toFile ? plainStyle : style;
    text = escapeControlInBlock(checkPlain(files, shown), shown.level > 0);
  }
  if (!s.toFile) return { stdout: text, file: null, jobSummary: null };
  const summary = s.kind !== 'plain' && !s.quiet ? escapeControlInBlock(checkPlain(files, style), style.level > 0) : '';
  return { stdout: summary, file: text, jobSummary: null };
}
