import type { RuleResult } from '../gate/evaluate.js';
import { countRules } from '../gate/outcome.js';
import { formatExpected, formatMeasured, type CheckReportFile } from './check.js';

/**
 * `check --report github`: GitHub Actions workflow commands and a job summary.
 *
 * Annotations are `::error file=F,line=L,title=T::MESSAGE` lines on stdout, one per failing
 * rule of each file and one per unreadable file; the runner turns them into annotations on the
 * file in the pull request. Values are escaped as the Actions toolkit does: in the message
 * `%`, CR and LF become %25, %0D, %0A; in properties also `:` and `,` (%3A, %2C), since those
 * separate the properties.
 */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(kind: 'error' | 'warning' | 'notice', properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${kind}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

function ruleMessage(r: RuleResult): string {
  if (r.status === 'n/a') return `not applicable: ${r.reason ?? 'no data for this rule'}`;
  const expected = formatExpected(r.expected, r.unit);
  const body = `measured ${formatMeasured(r.measured, r.unit)}${expected ? `, expected ${expected}` : ''}`;
  return r.reason && r.reason !== r.measured ? `${body} (${r.reason})` : body;
}

/** One annotation per failing rule (and per n/a rule when n/a fails the file) and per unreadable file. */
export function githubAnnotations(files: CheckReportFile[], naFails: boolean): string {
  const lines: string[] = [];
  for (const f of files) {
    if ('error' in f) {
      lines.push(command('error', { file: f.file, line: f.error.line ?? undefined, title: `cyclekit check: ${f.error.code}` }, f.error.message));
      continue;
    }
    for (const r of f.result.rules) {
      if (r.status === 'fail' || (naFails && r.status === 'n/a')) lines.push(command('error', { file: f.file, title: `cyclekit check: ${r.rule}` }, ruleMessage(r)));
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** A Markdown table cell: pipes escaped, line breaks flattened. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The job summary ($GITHUB_STEP_SUMMARY): totals, one row per file, then each failing file's rules. */
export function checkMarkdown(files: CheckReportFile[], specName: string): string {
  const out: string[] = [`## cyclekit check${specName ? `: ${cell(specName)}` : ''}`, ''];
  let pass = 0;
  let fail = 0;
  let na = 0;
  let unreadable = 0;
  const rows: string[] = [];
  const details: string[] = [];
  for (const f of files) {
    if ('error' in f) {
      unreadable++;
      rows.push(`| \`${cell(f.file)}\` | ❗ unreadable | – | ${cell(f.error.rendered)} |`);
      continue;
    }
    const c = countRules(f.result.rules);
    pass += c.pass;
    fail += c.fail;
    na += c.na;
    const status = f.result.status === 'pass' ? '✅ pass' : '❌ fail';
    rows.push(`| \`${cell(f.file)}\` | ${status} | ${c.pass} / ${c.fail} / ${c.na} | ${cell(f.result.format ?? '')}${f.result.cycleCount !== null ? `, ${f.result.cycleCount} cycles` : ''} |`);
    if (f.result.status === 'fail') {
      details.push(`### \`${cell(f.file)}\``, '', '| rule | status | measured | expected |', '| --- | --- | --- | --- |');
      for (const r of f.result.rules) {
        details.push(`| ${cell(r.rule)} | ${r.status} | ${cell(formatMeasured(r.measured, r.unit))} | ${cell(formatExpected(r.expected, r.unit))} |`);
      }
      details.push('');
    }
  }
  const n = files.length === 1 ? '1 file' : `${files.length} files`;
  out.push(`**${n} · ${pass} pass · ${fail} fail · ${na} n/a${unreadable > 0 ? ` · ${unreadable} unreadable` : ''}**`, '');
  out.push('| file | status | rules pass / fail / n/a | data |', '| --- | --- | --- | --- |', ...rows, '');
  return [...out, ...details].join('\n');
}
