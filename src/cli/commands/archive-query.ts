import type { Command } from 'commander';
import { CyclekitError } from '../../model/errors.js';
import type { RunContext } from '../context.js';

interface QueryFlags {
  json?: boolean;
  wide?: boolean;
  csv?: boolean;
  retentionAt?: string;
  cellsBelow?: string;
}

/** The one question asked: SQL as given, or the SQL of a ready-made question. */
async function questionOf(sql: string | undefined, flags: QueryFlags): Promise<string> {
  const asked = [sql !== undefined, flags.retentionAt !== undefined, flags.cellsBelow !== undefined].filter(Boolean).length;
  if (asked !== 1) throw new CyclekitError('E_USAGE', 'query: give one SQL text, or --retention-at N, or --cells-below FRACTION');
  const { cellsBelowSql, retentionAtSql } = await import('../../archive/query.js');
  if (flags.retentionAt !== undefined) {
    const n = Number(flags.retentionAt);
    if (!Number.isInteger(n) || n < 0) throw new CyclekitError('E_USAGE', `--retention-at ${flags.retentionAt}: expected a cycle number`);
    return retentionAtSql(n);
  }
  if (flags.cellsBelow !== undefined) {
    const f = Number(flags.cellsBelow.replace(/%$/, '')) / (flags.cellsBelow.endsWith('%') ? 100 : 1);
    if (!(f > 0 && f <= 1.5)) throw new CyclekitError('E_USAGE', `--cells-below ${flags.cellsBelow}: expected a fraction such as 0.8 or 80%`);
    return cellsBelowSql(f);
  }
  return sql!;
}

/** `cyclekit query ARCHIVE SQL`: a question to an archive made by `index`, answered by DuckDB. */
export function defineQuery(program: Command, ctx: RunContext): void {
  program
    .command('query')
    .description('ask an archive made by index a question in SQL (views: files, cells, errors, cycles, peaks, couples)')
    .argument('<archive>', 'the archive folder')
    .argument('[sql]', 'a SQL query over the views')
    .option('--retention-at <cycle>', 'per cell: discharge capacity at this cycle over its first')
    .option('--cells-below <fraction>', 'cells whose last discharge kept less than this fraction of the first (0.8 or 80%)')
    .option('--json', 'print one JSON document')
    .option('--csv', 'print CSV with a header row')
    .option('--wide', 'tables with every column, however wide')
    .addHelpText(
      'after',
      `
Example:
  cyclekit index -r fixtures/demo --to /tmp/cyclekit-archive
  cyclekit query /tmp/cyclekit-archive "SELECT format, count(*) AS files FROM cells GROUP BY format"
  cyclekit query /tmp/cyclekit-archive --cells-below 0.8 --csv`,
    )
    .action(async (archive: string, sql: string | undefined, flags: QueryFlags) => {
      const question = await questionOf(sql, flags);
      const [{ askArchive }, report, { makeStyle }] = await Promise.all([import('../../archive/query.js'), import('../../report/archive.js'), import('../../report/style.js')]);
      const answer = { archive, ...(await askArchive(archive, question)) };
      if (flags.json) ctx.stdout(report.queryJson(answer));
      else if (flags.csv) ctx.stdout(report.queryCsv(answer));
      else ctx.stdout(report.queryTable(answer, makeStyle(process.stdout, process.env, flags.wide === true)));
    });
}
