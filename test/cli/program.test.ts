import { describe, expect, it } from 'vitest';
import { commandsNeeded } from '../../src/cli/program.js';
import { cli } from '../helpers/cli.js';

const argv = (...args: string[]): string[] => ['node', 'cyclekit', ...args];

describe('the program defines only the commands a command line needs', () => {
  it('--version none; a named command only itself; help, an unknown command and completion all of them', () => {
    expect(commandsNeeded(argv('--version'))).toEqual([]);
    expect(commandsNeeded(argv('--debug', 'summary', 'a.csv', '--json'))).toEqual(['summary']);
    expect(commandsNeeded(argv('plot', 'profile', 'a.csv', '-o', 'p.svg'))).toEqual(['plot']);
    const all = commandsNeeded(argv());
    expect(all).toHaveLength(20);
    expect(all.slice(0, 3)).toEqual(['summary', 'simulate', 'convert']);
    expect(commandsNeeded(argv('--help'))).toEqual(all);
    expect(commandsNeeded(argv('help', 'summary'))).toEqual(all);
    expect(commandsNeeded(argv('summry'))).toEqual(all);
    expect(commandsNeeded(argv('completion', 'bash'))).toEqual(all);
  });

  it('help still lists every command, and a typo is still told the nearest one', () => {
    const help = cli(['--help']).stdout;
    for (const name of commandsNeeded(argv())) expect(help).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const r = cli(['summry', 'x.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'summry'\n\(Did you mean summary\?\)/);
  });
});
