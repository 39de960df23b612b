import { Argument, type Command, type Option } from 'commander';
import type { OptionInfo, ProgramDescription } from '../../report/completion.js';
import { exampleHelp } from '../options.js';
import type { RunContext } from '../context.js';

/**
 * `cyclekit completion bash|zsh`: the script is generated from the commander program itself
 * (commands, options, choices), so it can never go stale.
 */
export function defineCompletion(program: Command, ctx: RunContext): void {
  program
    .command('completion')
    .description('print a shell completion script (bash or zsh)')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .addHelpText(
      'after',
      `
Install:
  bash: cyclekit completion bash > ~/.local/share/bash-completion/completions/cyclekit
        (or add  eval "$(cyclekit completion bash)"  to ~/.bashrc)
  zsh:  cyclekit completion zsh > "\${fpath[1]}/_cyclekit"   then restart zsh
        (or add  eval "$(cyclekit completion zsh)"  to ~/.zshrc after compinit)
${exampleHelp(['cyclekit completion bash'])}`,
    )
    .action(async (shell: 'bash' | 'zsh') => {
      const { bashCompletion, zshCompletion } = await import('../../report/completion.js');
      const description = describeProgram(program);
      ctx.stdout(shell === 'bash' ? bashCompletion(description) : zshCompletion(description));
    });
}

function optionInfo(o: Option): OptionInfo {
  return {
    names: [o.short, o.long].filter((n): n is string => typeof n === 'string'),
    description: o.description,
    takesValue: o.required || o.optional,
    choices: o.argChoices ?? null,
  };
}

/** The program as data: every visible command with its options, plus --help. */
function describeProgram(program: Command): ProgramDescription {
  const help: OptionInfo = { names: ['-h', '--help'], description: 'display help', takesValue: false, choices: null };
  const commands = program.commands
    .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
    .map((c) => ({
      name: c.name(),
      description: c.description(),
      options: [...c.options.filter((o) => !o.hidden).map(optionInfo), help],
      argumentChoices: c.registeredArguments.find((a) => a.argChoices)?.argChoices ?? null,
    }));
  return { name: program.name(), global: [...program.options.filter((o) => !o.hidden).map(optionInfo), help], commands };
}
