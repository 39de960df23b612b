import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/**
 * The docs cannot rot: every command line in README.md, docs/**\/*.md and bench/README.md is run
 * against the fixtures, and so is every command's `--help` example.
 *
 * What counts as an example (docs/architecture.md, "Documentation"):
 * - a line in a ```sh, ```bash or ```console block that starts with `cyclekit ` or `$ cyclekit `
 *   (environment assignments such as `NO_COLOR=1 ` may come first; a trailing `\` continues it);
 * - files it reads are under fixtures/ (relative to the repository root);
 * - `-o FILE` / `--output FILE` is rewritten to a fresh temporary folder, and a later example
 *   of the same page that names FILE reads the written one;
 * - a pipe (`| jq …`), an output redirection (`> out.csv`) and a comment end the cyclekit part;
 *   `< FILE` feeds FILE on standard input;
 * - the exit code must be 0, unless the line's comment says `exit N`.
 * Other blocks (```text, ```yaml, ```json, bare ```) are never run: use them for illustrations.
 */

const DOC_ROOTS = ['README.md', 'docs', 'bench/README.md'];

/** Pages other engineers are writing (issue 15 and the format/figure issues): links to them may wait for their merge. */
const PENDING_PAGES = new Set(
  [
    'docs/formats/neware.md',
    'docs/formats/biologic.md',
    'docs/formats/bdf.md',
    'docs/formats/maccor.md',
    'docs/formats/novonix.md',
    'docs/formats/gamry.md',
    'docs/formats/land.md',
    'docs/commands/plot.md',
    'docs/figures.md',
    'docs/security.md',
    'docs/api.md',
    'docs/ci.md',
    'docs/analyses.md',
  ].map((p) => join(ROOT, p)),
);
/** Commands whose page another engineer owns: their options are not checked against this page set. */
const PAGES_OWNED_ELSEWHERE = new Set(['plot']);

function markdownFiles(): string[] {
  const out: string[] = [];
  for (const entry of DOC_ROOTS) {
    const p = join(ROOT, entry);
    if (!existsSync(p)) continue;
    if (statSync(p).isFile()) out.push(p);
    else for (const f of readdirSync(p, { recursive: true }) as string[]) if (f.endsWith('.md')) out.push(join(p, f));
  }
  return out.sort();
}

export interface Example {
  page: string;
  line: number;
  text: string;
}

/** Command lines of the runnable code blocks of one Markdown page. */
export function examplesOf(page: string, markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split('\n');
  let runnable: 'sh' | 'console' | false | null = null; // null: outside a block
  for (let i = 0; i < lines.length; i++) {
    const fence = /^\s*```\s*(\S*)/.exec(lines[i]!);
    if (fence) {
      runnable = runnable !== null ? null : fence[1] === 'console' ? 'console' : ['sh', 'bash', 'shell'].includes(fence[1]!) ? 'sh' : false;
      continue;
    }
    if (!runnable) continue;
    // In a console block only `$ ` lines are commands; the rest is output.
    const raw = lines[i]!.trim();
    if (runnable === 'console' && !raw.startsWith('$ ')) continue;
    let text = raw.replace(/^\$\s+/, '');
    const start = i;
    while (text.endsWith('\\') && i + 1 < lines.length) text = text.slice(0, -1) + ' ' + lines[++i]!.trim();
    if (/^(?:[A-Z_]+=\S*\s+)*cyclekit\s/.test(text)) examples.push({ page, line: start + 1, text });
  }
  return examples;
}

interface Command {
  args: string[];
  env: Record<string, string>;
  stdinFile: string | null;
  expectedCode: number;
}

/** Shell words up to a pipe, redirection, `&&`, `;` or comment; quotes are honoured. */
export function parseCommandLine(text: string): Command & { outputs: string[] } {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  let comment = '';
  let stdinFile: string | null = null;
  let stop = false;
  const push = (): void => {
    if (word !== null) words.push(word);
    word = null;
  };
  while (i < text.length && !stop) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`unclosed quote in: ${text}`);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (/\s/.test(ch)) {
      push();
      i++;
    } else if (ch === '#' && word === null) {
      comment = text.slice(i);
      stop = true;
    } else if (ch === '<' && word === null) {
      const m = /^<\s*(\S+)/.exec(text.slice(i));
      stdinFile = m ? m[1]! : null;
      i += m ? m[0].length : 1;
    } else if ((ch === '|' || ch === '>' || ch === ';' || ch === '&' || (ch === '2' && text[i + 1] === '>')) && word === null) {
      const rest = text.slice(i);
      comment = rest.includes('#') ? rest.slice(rest.indexOf('#')) : '';
      stop = true;
    } else {
      word = (word ?? '') + ch;
      i++;
    }
  }
  push();
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Z_]+=/.test(words[0]!)) {
    const [k, ...v] = words.shift()!.split('=');
    env[k!] = v.join('=');
  }
  if (words.shift() !== 'cyclekit') throw new Error(`not a cyclekit command: ${text}`);
  const outputs: string[] = [];
  for (let k = 0; k < words.length; k++) if ((words[k] === '-o' || words[k] === '--output') && words[k + 1] !== undefined && words[k + 1] !== '-') outputs.push(words[k + 1]!);
  const code = /\bexit\s+(\d)\b/.exec(comment);
  return { args: words, env, stdinFile, expectedCode: code ? Number(code[1]) : 0, outputs };
}

/** Runs of commands that write no file, shared by pages that show the same command line. */
const ranBefore = new Map<string, { code: number; stderr: string }>();

/** Run one page's examples in order, outputs going to a temporary folder. */
function runPage(examples: Example[]): { example: Example; code: number; expected: number; stderr: string }[] {
  const dir = tempDir('cyclekit-docs-');
  const written = new Map<string, string>();
  const results: { example: Example; code: number; expected: number; stderr: string }[] = [];
  for (const example of examples) {
    const command = parseCommandLine(example.text);
    for (const out of command.outputs) written.set(out, join(dir, basename(out)));
    const args = command.args.map((a) => written.get(a) ?? (a.startsWith('fixtures/') ? join(ROOT, a) : a));
    const input = command.stdinFile === null ? undefined : readFileSync(join(ROOT, command.stdinFile));
    const key = command.outputs.length === 0 ? JSON.stringify([args, command.env, command.stdinFile]) : null;
    const r = (key !== null ? ranBefore.get(key) : undefined) ?? cli(args, { env: command.env, ...(input !== undefined ? { input } : {}) });
    if (key !== null) ranBefore.set(key, { code: r.code, stderr: r.stderr });
    results.push({ example, code: r.code, expected: command.expectedCode, stderr: r.stderr.slice(0, 600) });
  }
  return results;
}

const pages = markdownFiles();
const where = (e: Example): string => `${relative(ROOT, e.page)}:${e.line}: ${e.text}`;

describe('documentation examples', () => {
  it('the example reader understands the conventions', () => {
    expect(parseCommandLine(`cyclekit summary fixtures/a.csv --col voltage="Ewe/V" | jq '.results' # exit 2`)).toEqual({
      args: ['summary', 'fixtures/a.csv', '--col', 'voltage=Ewe/V'],
      env: {},
      stdinFile: null,
      expectedCode: 2,
      outputs: [],
    });
    expect(parseCommandLine('CYCLEKIT_THREADS=2 cyclekit convert fixtures/a.csv --to csv -o out.csv > /dev/null')).toMatchObject({
      args: ['convert', 'fixtures/a.csv', '--to', 'csv', '-o', 'out.csv'],
      env: { CYCLEKIT_THREADS: '2' },
      outputs: ['out.csv'],
      expectedCode: 0,
    });
    expect(parseCommandLine('cyclekit summary - < fixtures/demo/cc-demo.csv').stdinFile).toBe('fixtures/demo/cc-demo.csv');
    const md = ['```console', '$ cyclekit report x', 'output line', '```', '```text', 'cyclekit not-run', '```', '```sh', 'cyclekit a \\', '  b', '```'].join('\n');
    expect(examplesOf('p.md', md).map((e) => e.text)).toEqual(['cyclekit report x', 'cyclekit a  b']);
  });

  const all = pages.flatMap((p) => examplesOf(p, readFileSync(p, 'utf8')));

  it('the docs hold examples, and every file they read is under fixtures/', () => {
    expect(all.length).toBeGreaterThan(20);
    const outside: string[] = [];
    for (const e of all) {
      const { args, outputs, stdinFile } = parseCommandLine(e.text);
      const paths = [...args.filter((a) => /\.(csv|txt|xlsx?|nda|ndax|mpr|mpt|res|yaml|json|052)$/i.test(a) && !outputs.includes(a)), ...(stdinFile ? [stdinFile] : [])];
      for (const p of paths) {
        // a file written by an earlier example of the page may be read back
        const writtenEarlier = all.some((o) => o.page === e.page && o.line < e.line && parseCommandLine(o.text).outputs.includes(p));
        if (!writtenEarlier && !(p.startsWith('fixtures/') && existsSync(join(ROOT, p))) && !['he-v', 'nvp'].includes(p)) outside.push(`${where(e)} → ${p}`);
      }
    }
    expect(outside).toEqual([]);
  });

  for (const page of pages) {
    const examples = examplesOf(page, readFileSync(page, 'utf8'));
    if (examples.length === 0) continue;
    it(`${relative(ROOT, page)}: every example runs with its documented exit code`, () => {
      const wrong = runPage(examples)
        .filter((r) => r.code !== r.expected)
        .map((r) => `${where(r.example)}\n  exit ${r.code}, expected ${r.expected}\n  ${r.stderr}`);
      expect(wrong).toEqual([]);
    });
  }
});

/** Command names as `cyclekit --help` lists them. */
function commandNames(): string[] {
  const help = cli(['--help']).stdout;
  const section = help.slice(help.indexOf('Commands:'));
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

describe('every command is documented', () => {
  const commands = commandNames();

  it('cyclekit --help lists the commands', () => {
    expect(commands).toEqual(expect.arrayContaining(['report', 'summary', 'check', 'convert', 'simulate', 'completion']));
  });

  it('every --help ends with an example that runs', () => {
    const problems: string[] = [];
    const examples: Example[] = [];
    for (const c of commands) {
      const help = cli([c, '--help']).stdout;
      const block = /\nExamples?:\n((?: {2}.*\n?)+)/.exec(help);
      if (!block) {
        problems.push(`${c}: no Example section in --help`);
        continue;
      }
      for (const line of block[1]!.split('\n').filter((l) => l.trim().startsWith('cyclekit '))) examples.push({ page: `${c} --help`, line: 0, text: line.trim() });
      if (!block[1]!.includes(`cyclekit ${c}`)) problems.push(`${c}: the example does not run cyclekit ${c}`);
    }
    for (const r of runPage(examples)) if (r.code !== r.expected) problems.push(`${r.example.page}: ${r.example.text}: exit ${r.code}\n  ${r.stderr}`);
    expect(examples.length).toBeGreaterThanOrEqual(commands.length);
    expect(problems).toEqual([]);
  });

  it('every command has a page in docs/commands/ that names each of its options', () => {
    const conventions = readFileSync(join(ROOT, 'docs', 'conventions.md'), 'utf8');
    const problems: string[] = [];
    for (const c of commands) {
      const page = join(ROOT, 'docs', 'commands', `${c}.md`);
      if (!existsSync(page)) {
        if (!PENDING_PAGES.has(page)) problems.push(`${c}: no docs/commands/${c}.md`);
        continue;
      }
      if (PAGES_OWNED_ELSEWHERE.has(c)) continue;
      const text = readFileSync(page, 'utf8');
      const help = cli([c, '--help']).stdout;
      const flags = [...new Set([...help.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1]!))].filter((f) => f !== '--help');
      // options every file-reading command shares are described once, in docs/conventions.md
      const sharedLinked = text.includes('../conventions.md');
      for (const f of flags) if (!text.includes(f) && !(sharedLinked && conventions.includes(f))) problems.push(`docs/commands/${c}.md does not mention ${f}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('README and links', () => {
  it('README.md is at most 10 KB', () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThanOrEqual(10 * 1024);
  });

  it('every relative link in the docs resolves to a file (or a page being written elsewhere)', () => {
    const broken: string[] = [];
    let links = 0;
    for (const page of pages) {
      const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!.split('#')[0]!;
        if (target === '' || /^[a-z]+:/.test(target)) continue;
        links++;
        const path = resolve(dirname(page), target);
        if (!existsSync(path) && !PENDING_PAGES.has(path)) broken.push(`${relative(ROOT, page)} → ${m[1]}`);
      }
    }
    expect(links).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });

  it('every #anchor link names a heading of its page', () => {
    const slug = (h: string): string =>
      h
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-');
    const headings = new Map<string, Set<string>>();
    const headingsOf = (page: string): Set<string> => {
      if (!headings.has(page)) {
        const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
        headings.set(page, new Set([...text.matchAll(/^#+\s+(.*)$/gm)].map((m) => slug(m[1]!))));
      }
      return headings.get(page)!;
    };
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]*)#([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(m[1]!)) continue;
        const target = m[1] ? resolve(dirname(page), m[1]) : page;
        if (!existsSync(target) || !target.endsWith('.md')) continue;
        if (!headingsOf(target).has(m[2]!)) broken.push(`${relative(ROOT, page)} → ${m[1]}#${m[2]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
