/**
 * Colour only on a terminal, never with NO_COLOR set (https://no-color.org: present and not empty).
 * chalk alone does not look at NO_COLOR, so src/report/style.ts does; this pins both halves —
 * the decision, and what a user at a real terminal (a pseudo-terminal from util-linux `script`) sees.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../../src/report/style.js';
import { BIN, cli, ROOT } from '../helpers/cli.js';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;
const ESC = '\u001b[';

describe('makeStyle', () => {
  it('colours a terminal when NO_COLOR is unset or empty', () => {
    expect(makeStyle(tty, {}).level).toBeGreaterThan(0);
    expect(makeStyle(tty, { NO_COLOR: '' }).level).toBeGreaterThan(0);
    expect(makeStyle(tty, {}).bold('x')).toContain(ESC);
  });

  it('never colours with NO_COLOR set, whatever its value, or when the output is not a terminal', () => {
    for (const value of ['1', '0', 'false', 'yes']) expect(makeStyle(tty, { NO_COLOR: value }).level).toBe(0);
    expect(makeStyle(pipe, {}).level).toBe(0);
    // FORCE_COLOR does not override a pipe: data written to files stays plain.
    expect(makeStyle(pipe, { FORCE_COLOR: '3' }).bold('x')).toBe('x');
  });
});

describe('colour through bin/cyclekit.js', () => {
  const ARGS = ['summary', 'fixtures/demo/cc-demo.csv', '--mass', '3.4mg'];

  it('a pipe gets no escape codes even without NO_COLOR', () => {
    const r = cli(ARGS, { env: { NO_COLOR: '', FORCE_COLOR: '' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).toMatch(/^cycle\s+Q chg/m);
  });

  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  const hasScript = !script.error && script.status === 0;
  /** Run the CLI on a pseudo-terminal (stdout and stderr are TTYs) and return what it wrote. */
  const onTerminal = (noColor: string | undefined): string => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    if (noColor !== undefined) env.NO_COLOR = noColor;
    const cmd = [process.execPath, BIN, ...ARGS].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.replace(/\r/g, '');
  };

  it.skipIf(!hasScript)('a terminal gets colour; NO_COLOR=1 on the same terminal gets none', () => {
    const coloured = onTerminal(undefined);
    expect(coloured).toContain(ESC);
    expect(coloured).toMatch(/\u001b\[1mcycle\s+Q chg/); // bold header row
    const plain = onTerminal('1');
    expect(plain).not.toContain(ESC);
    // The same text once the escapes are gone: colour never changes the content.
    const strip = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');
    expect(strip(coloured)).toBe(plain);
  });
});

describe('renderTable on a terminal', () => {
  it('aligns coloured cells and V̄ by the columns they take, not by their code units', async () => {
    const { renderTable, displayWidth } = await import('../../src/report/table.js');
    const style = makeStyle(tty, {});
    expect(displayWidth(style.red('152.6'))).toBe(5);
    expect(displayWidth('V̄')).toBe(1);
    const table = renderTable([{ header: 'V̄' }, { header: 'CE %' }], [['3.40', style.red('152.6')], ['3.41', '99.9']], style);
    const widths = table.split('\n').map((l) => displayWidth(l));
    // Header, rule and both rows end at the same column: 4 + 2 + 5.
    expect(widths).toEqual([11, 11, 11, 11]);
  });
});
