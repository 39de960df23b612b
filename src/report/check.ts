import { escapeControl } from '../util/escape.js';
import type { ChalkInstance } from 'chalk';
import type { Expected, Measured, RuleResult } from '../gate/evaluate.js';
import { countRules, type CheckFileResult } from '../gate/outcome.js';
import { csvNumber } from './numbers.js';
import { renderXml, type XmlElement } from './xml.js';

/** One file of a check report: its result, or why it could not be read. */
export type CheckReportFile = { file: string; result: CheckFileResult } | { file: string; error: { code: string; message: string; line: number | null; rendered: string } };

/** A number for people: fractions as percent, others to 5 significant digits. Rounding lives here only. */
export function formatValue(v: number, unit: string | null): string {
  if (unit === 'fraction') return `${(v * 100).toFixed(2)} %`;
  const text = Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
  return unit === null || unit === 'count' ? text : `${text} ${unit}`;
}

export function formatMeasured(m: Measured, unit: string | null): string {
  if (m === null) return '–';
  if (typeof m === 'number') return formatValue(m, unit);
  if (typeof m === 'string') return m;
  return `${m.min === null ? '–' : formatValue(m.min, unit)} … ${m.max === null ? '–' : formatValue(m.max, unit)}`;
}

export function formatExpected(e: Expected, unit: string | null): string {
  if (typeof e === 'string') return e;
  if ('nearV' in e) return `peak at ${formatValue(e.nearV, 'V')} ± ${formatValue(e.toleranceV, 'V')}`;
  const parts: string[] = [];
  if (e.min !== null) parts.push(`≥ ${formatValue(e.min, unit)}`);
  if (e.max !== null) parts.push(`≤ ${formatValue(e.max, unit)}`);
  return parts.join(', ');
}

const LABEL = { pass: 'PASS', fail: 'FAIL', 'n/a': 'N/A ' } as const;

/** The plain summary: one line per rule, a count per file, and a total line. */
export function checkPlain(files: CheckReportFile[], style: ChalkInstance): string {
  const out: string[] = [];
  let total = { pass: 0, fail: 0, na: 0, unreadable: 0 };
  for (const f of files) {
    if ('error' in f) {
      total.unreadable++;
      out.push(`${style.bold(`── ${f.file}`)}\n  ${style.red('ERROR')} ${f.error.rendered}`);
      continue;
    }
    const r = f.result;
    const head = [r.format, r.cycleCount !== null ? `${r.cycleCount} cycles` : null, r.massG !== null ? `mass ${(r.massG * 1000).toPrecision(4)} mg` : null].filter(Boolean).join(' · ');
    const lines = [`${style.bold(`── ${f.file}`)}${head ? style.dim(`  (${head})`) : ''}`];
    const width = Math.max(...r.rules.map((x) => [...x.rule].length));
    for (const rule of r.rules) lines.push(`  ${ruleLine(rule, width, style)}`);
    const c = countRules(r.rules);
    total = { ...total, pass: total.pass + c.pass, fail: total.fail + c.fail, na: total.na + c.na };
    lines.push(`  ${r.status === 'pass' ? style.green('passed') : style.red('failed')}: ${c.pass} pass, ${c.fail} fail, ${c.na} n/a`);
    out.push(lines.join('\n'));
  }
  const files1 = files.length === 1 ? '1 file' : `${files.length} files`;
  out.push(`check: ${files1} · ${total.pass} pass · ${total.fail} fail · ${total.na} n/a${total.unreadable > 0 ? ` · ${total.unreadable} unreadable` : ''}`);
  return out.join('\n\n') + '\n';
}

function ruleLine(r: RuleResult, width: number, style: ChalkInstance): string {
  const tag = r.status === 'pass' ? style.green(LABEL.pass) : r.status === 'fail' ? style.red(LABEL.fail) : style.yellow(LABEL['n/a']);
  // A rule's name comes from the spec: a newline in it must not start a line of its own.
  const rule = escapeControl(r.rule);
  const name = rule + ' '.repeat(Math.max(0, width - [...rule].length));
  if (r.status === 'n/a') return `${tag}  ${name}  ${style.dim(r.reason ?? '')}`;
  const expected = formatExpected(r.expected, r.unit);
  const body = `${formatMeasured(r.measured, r.unit)}${expected ? ` (expected ${expected})` : ''}`;
  return `${tag}  ${name}  ${body}${r.status === 'fail' && r.reason && r.reason !== r.measured ? style.dim(` — ${r.reason}`) : ''}`;
}

/** `results[i]` of the JSON envelope for one checked file (CLI.md: rules[] with rule, status, measured, expected). */
export type CheckJson = ReturnType<typeof checkJson>;

export function checkJson(r: CheckFileResult) {
  return {
    format: r.format,
    massG: r.massG,
    massSource: r.massSource,
    cellType: r.cellType ?? null,
    cellTypeSource: r.cellTypeSource ?? null,
    cRateBasis: r.cRateBasis,
    cycleRule: r.cycleRule,
    cycles: r.cycleCount,
    status: r.status,
    rules: r.rules,
    warnings: r.warnings,
  };
}

export const CHECK_CSV_HEADER = ['index', 'rule', 'metric', 'status', 'measured', 'measuredMin', 'measuredMax', 'expectedMin', 'expectedMax', 'unit', 'reason'];

export function checkCsvRows(r: CheckFileResult): (string | number | null)[][] {
  return r.rules.map((x) => {
    const m = x.measured;
    const range = m !== null && typeof m === 'object' ? m : null;
    const bounds = typeof x.expected === 'object' && 'min' in x.expected ? x.expected : null;
    return [
      x.index,
      x.rule,
      x.metric,
      x.status,
      typeof m === 'number' ? csvNumber(m) : typeof m === 'string' ? m : '',
      range ? csvNumber(range.min) : '',
      range ? csvNumber(range.max) : '',
      bounds ? csvNumber(bounds.min) : typeof x.expected === 'object' && 'nearV' in x.expected ? csvNumber(x.expected.nearV - x.expected.toleranceV) : '',
      bounds ? csvNumber(bounds.max) : typeof x.expected === 'object' && 'nearV' in x.expected ? csvNumber(x.expected.nearV + x.expected.toleranceV) : '',
      x.unit,
      x.reason,
    ];
  });
}

/** When the check ran, for JUnit's `timestamp` (ISO 8601, UTC) and `time` (seconds). */
export interface JunitTiming {
  timestamp: string;
  totalS: number;
}

/**
 * JUnit XML as Jenkins (junit plugin) and GitLab read it: <testsuites> → one <testsuite> per
 * file → one <testcase> per rule; <failure> for a failed rule, <skipped> for n/a, and for an
 * unreadable file a single testcase with <error>. Each suite and testcase names its data file
 * (`file`, which GitLab links); with `timing`, suites carry `timestamp` and `time` (the file's
 * own seconds; a rule's evaluation takes no measurable time, so testcases have none).
 */
export function checkJunit(files: CheckReportFile[], specName: string, timing?: JunitTiming): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites: XmlElement[] = files.map((f) => {
    const classname = `cyclekit.check.${f.file.replace(/[.\s]/g, '_')}`;
    if ('error' in f) {
      tests++;
      errors++;
      return {
        name: 'testsuite',
        attributes: { name: f.file, tests: 1, failures: 0, errors: 1, skipped: 0, file: f.file, ...(timing ? { timestamp: timing.timestamp, time: 0 } : {}) },
        children: [
          {
            name: 'testcase',
            attributes: { name: 'read and analyse the file', classname, file: f.file },
            children: [{ name: 'error', attributes: { message: f.error.message, type: f.error.code }, text: f.error.rendered }],
          },
        ],
      };
    }
    const c = countRules(f.result.rules);
    tests += f.result.rules.length;
    failures += c.fail;
    skipped += c.na;
    return {
      name: 'testsuite',
      attributes: {
        name: f.file, tests: f.result.rules.length, failures: c.fail, errors: 0, skipped: c.na, file: f.file,
        ...(timing ? { timestamp: timing.timestamp, time: seconds(f.result.durationS ?? 0) } : {}),
      },
      children: [
        {
          name: 'properties',
          children: [
            { name: 'property', attributes: { name: 'format', value: f.result.format ?? '' } },
            { name: 'property', attributes: { name: 'cycles', value: f.result.cycleCount ?? '' } },
            { name: 'property', attributes: { name: 'massG', value: f.result.massG ?? '' } },
          ],
        },
        ...f.result.rules.map((r): XmlElement => {
          const measured = formatMeasured(r.measured, r.unit);
          const expected = formatExpected(r.expected, r.unit);
          const children: XmlElement[] = [];
          if (r.status === 'fail') {
            children.push({ name: 'failure', attributes: { message: `measured ${measured}, expected ${expected}`, type: r.metric }, text: r.reason ?? '' });
          } else if (r.status === 'n/a') {
            children.push({ name: 'skipped', attributes: { message: r.reason ?? 'not applicable' } });
          } else {
            children.push({ name: 'system-out', text: `measured ${measured}, expected ${expected}` });
          }
          return { name: 'testcase', attributes: { name: `${r.index}. ${r.rule}`, classname, file: f.file }, children };
        }),
      ],
    };
  });
  return renderXml({
    name: 'testsuites',
    attributes: { name: `cyclekit check${specName ? ` ${specName}` : ''}`, tests, failures, errors, skipped, ...(timing ? { time: seconds(timing.totalS), timestamp: timing.timestamp } : {}) },
    children: suites,
  });
}

/** Seconds to the millisecond, as JUnit readers expect a plain decimal. */
function seconds(s: number): string {
  return s.toFixed(3);
}
