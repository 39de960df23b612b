import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../helpers/cli.js';

/**
 * The import graph of src/ follows the pipeline (docs/architecture.md): a stage may import
 * the foundation and earlier stages, never a later one, and no import loop spans more than one
 * file. Type-only and dynamic imports count: a type import still ties a stage to a later one,
 * and `await import()` is how the CLI loads commands.
 *
 * Today's exceptions are listed below so that this test passes now and fails on any new one.
 * When a refactor removes an exception, delete its line.
 */

const SRC = join(ROOT, 'src');

/**
 * Stage of each top-level folder (or top-level file) of src/, in pipeline order. A file may
 * import files of its own stage or of a lower one. `sim` is a side branch (it writes synthetic
 * cycler files): it may use the foundation only. Folders that open issues are adding
 * (pipeline, export, figures) are placed already.
 */
const STAGE: Record<string, number> = {
  model: 0,
  util: 0,
  math: 0,
  references: 0,
  'version.ts': 0,
  // the parsed-data cache stores whatever the reading stages hand it; it imports none of them
  cache: 0,
  ingest: 1,
  segment: 2,
  analysis: 3,
  gate: 4,
  pipeline: 5,
  // a lab's archive: Parquet tables written from what the analyses found, queried with DuckDB
  archive: 5,
  report: 6,
  export: 6,
  figures: 6,
  cli: 7,
  'index.ts': 7,
};
const SIDE_BRANCHES = new Set(['sim']);

/** Backward or crossing imports that exist today (file → file). */
const KNOWN_VIOLATIONS = new Set([
]);

/** Import loops that span several files today: each loop found must lie inside one of these. */
const KNOWN_LOOPS: string[][] = [
];

/** Commands are thin (issue 15): flags, then the pipeline, then a reporter. */
const MAX_COMMAND_LINES = 120;
/** Commands not yet thinned, each being moved to src/pipeline and src/report (issue 15). */
const LONG_COMMANDS = new Set<string>([]);

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`; specifiers only.
const IMPORT = /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .map((f) => f.split('\\').join('/'))
    .filter((f) => f.endsWith('.ts'))
    .sort();
}

/** Comments go first: a comment that mentions `import('x')` is not an import. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function importEdges(files: string[]): Edge[] {
  const edges: Edge[] = [];
  for (const from of files) {
    const text = withoutComments(readFileSync(join(SRC, from), 'utf8'));
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[2] ?? m[3]!;
      if (!spec.startsWith('.')) continue; // packages and node: builtins
      const to = relative(SRC, resolve(dirname(join(SRC, from)), spec))
        .split('\\')
        .join('/')
        .replace(/\.js$/, '.ts');
      edges.push({ from, to, typeOnly: m[1] !== undefined });
    }
  }
  return edges;
}

const top = (file: string): string => file.split('/')[0]!;

/** Strongly connected components with more than one file (Tarjan). */
function loops(files: string[], edges: Edge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) next.get(e.from)?.push(e.to);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

describe('the import graph of src/', () => {
  const files = sourceFiles();
  const edges = importEdges(files);

  it('is read: files, and imports that all resolve to files', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(400);
    // A relative import that resolves to no .ts file means the reader above misparsed it.
    const unresolved = edges.filter((e) => !files.includes(e.to) && !e.to.endsWith('.json')).map((e) => `${e.from} → ${e.to}`);
    expect(unresolved).toEqual([]);
  });

  it('every top-level folder of src/ has a place in the pipeline', () => {
    const unplaced = [...new Set(files.map(top))].filter((t) => STAGE[t] === undefined && !SIDE_BRANCHES.has(t));
    expect(unplaced, 'add the folder to STAGE (or SIDE_BRANCHES) in this test and to docs/architecture.md').toEqual([]);
  });

  it('no stage imports a later stage (beyond the known exceptions)', () => {
    const violations: string[] = [];
    for (const e of edges) {
      const from = top(e.from);
      const to = top(e.to);
      if (from === to) continue;
      const crossing = SIDE_BRANCHES.has(from) ? (STAGE[to] ?? Infinity) > 0 : SIDE_BRANCHES.has(to) ? from !== 'cli' : (STAGE[to] ?? Infinity) > (STAGE[from] ?? -1);
      // segment folds records: it may know the reader contract's types, not open files.
      const segmentOpensFiles = from === 'segment' && to === 'ingest' && !e.typeOnly;
      if (crossing || segmentOpensFiles) violations.push(`${e.from} → ${e.to}`);
    }
    const unknown = [...new Set(violations)].filter((v) => !KNOWN_VIOLATIONS.has(v));
    expect(unknown, 'a new import runs against the pipeline order (docs/architecture.md)').toEqual([]);
  });

  it('no import loop spans more than one file (beyond the known loops)', () => {
    const found = loops(files, edges);
    const unknown = found.filter((loop) => !KNOWN_LOOPS.some((known) => loop.every((f) => known.includes(f))));
    expect(unknown, 'a new import loop').toEqual([]);
  });

  it('commands are thin: every file of cli/commands/ is at most 120 lines and imports no other command', () => {
    const commands = files.filter((f) => f.startsWith('cli/commands/'));
    expect(commands.length).toBeGreaterThanOrEqual(15);
    const long = commands.filter((f) => readFileSync(join(SRC, f), 'utf8').split('\n').length - 1 > MAX_COMMAND_LINES && !LONG_COMMANDS.has(f));
    expect(long, `a command over ${MAX_COMMAND_LINES} lines: its work belongs in src/pipeline/, its rendering in src/report/`).toEqual([]);
    const crossing = edges.filter((e) => e.from.startsWith('cli/commands/') && e.to.startsWith('cli/commands/') && !LONG_COMMANDS.has(e.from)).map((e) => `${e.from} → ${e.to}`);
    expect(crossing, 'a command imports another command: share through src/cli/flags/, src/pipeline/ or src/report/').toEqual([]);
  });

  it('the loop finder finds a loop it is given, and the stage check sees a backward import', () => {
    const a = 'analysis/a.ts';
    const b = 'analysis/b.ts';
    const c = 'analysis/c.ts';
    const synthetic: Edge[] = [
      { from: a, to: b, typeOnly: false },
      { from: b, to: c, typeOnly: true },
      { from: c, to: a, typeOnly: false },
    ];
    expect(loops([a, b, c], synthetic)).toEqual([[a, b, c]]);
    expect(loops([a, b, c], synthetic.slice(0, 2))).toEqual([]);
    expect(STAGE[top('ingest/x.ts')]! < STAGE[top('report/y.ts')]!).toBe(true);
  });
});
