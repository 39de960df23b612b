import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir, writeTemp } from '../helpers/cli.js';

/** The commands `cyclekit --help` lists: the completion script must know every one of them. */
function helpCommands(): string[] {
  const help = cli(['--help']).stdout;
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

/** Ask bash what it would complete for the words typed so far (the last word is being completed). */
function bashComplete(script: string, words: string[]): string[] {
  const file = writeTemp('cyclekit.bash', script, tempDir());
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['-c', `source ${file}; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _cyclekit; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('cyclekit completion', () => {
  it('bash: valid syntax, every command, options and choices derived from the program', () => {
    const r = cli(['completion', 'bash']);
    expect(r.code).toBe(0);
    const syntax = spawnSync('bash', ['-n'], { input: r.stdout, encoding: 'utf8' });
    expect(syntax.status).toBe(0);
    const commands = helpCommands();
    expect(commands).toEqual(expect.arrayContaining(['summary', 'check', 'completion']));
    expect(bashComplete(r.stdout, ['cyclekit', ''])).toEqual(expect.arrayContaining(commands));
    expect(bashComplete(r.stdout, ['cyclekit', 'ch'])).toEqual(['check']);
    expect(bashComplete(r.stdout, ['cyclekit', 'check', '--re'])).toEqual(expect.arrayContaining(['--report', '--recursive', '--rest-current']));
    expect(bashComplete(r.stdout, ['cyclekit', 'check', '--report', ''])).toEqual(['plain', 'json', 'junit', 'csv', 'github']);
    expect(bashComplete(r.stdout, ['cyclekit', 'summary', '--cycle-rule', 'c'])).toEqual(['charge-first']);
    expect(bashComplete(r.stdout, ['cyclekit', 'completion', ''])).toEqual(['bash', 'zsh']);
  });

  it('zsh: a #compdef script naming every command with its description', () => {
    const r = cli(['completion', 'zsh']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('#compdef cyclekit\n')).toBe(true);
    for (const c of helpCommands()) expect(r.stdout).toMatch(new RegExp(`^    '${c}:`, 'm'));
    expect(r.stdout).toContain("'--report[report format on stdout (or -o FILE)]:report:(plain json junit csv github)'");
    const zsh = spawnSync('zsh', ['-n'], { input: r.stdout, encoding: 'utf8' });
    if (!zsh.error) expect(zsh.status).toBe(0); // zsh is not installed everywhere
  });

  it('an unknown shell is a usage error', () => {
    const r = cli(['completion', 'fish']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are bash, zsh/);
  });

  it('--version prints the version', () => {
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(r.stdout.trim()).toBe(pkg.version);
    expect(cli(['-V']).stdout.trim()).toBe(pkg.version);
    // The JSON envelope carries the same version (CLI.md: "cyclekit": VERSION).
    expect(JSON.parse(cli(['theory', '--formula', 'Na3V2(PO4)3', '--electrons', '2', '--json']).stdout).cyclekit).toBe(pkg.version);
  });
});
