import { Argument, type Command } from 'commander';
import type { RunContext } from '../context.js';

/** `cyclekit cache info|clear`: where the parsed-data cache is, how big, and emptying it. */
export function defineCache(program: Command, ctx: RunContext): void {
  program
    .command('cache')
    .description('show or empty the parsed-data cache that lets a second command on a file skip the parse')
    .addArgument(new Argument('<action>', 'info or clear').choices(['info', 'clear']))
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      `
Example:
  cyclekit cache info
  cyclekit cache clear

The cache lives in $CYCLEKIT_CACHE_DIR, else $XDG_CACHE_HOME/cyclekit, else ~/.cache/cyclekit,
and keeps at most $CYCLEKIT_CACHE_MAX_MB (default 2048) MB, least recently used first out.
--no-cache on any command, or CYCLEKIT_CACHE=off, reads the file again. See docs/cache.md.`,
    )
    .action(async (action: 'info' | 'clear', flags: { json?: boolean }) => {
      const [{ CacheStore, cacheDisabledByEnv }, { cacheClearedText, cacheInfoText }] = await Promise.all([import('../../cache/store.js'), import('../../report/cache.js')]);
      const store = new CacheStore();
      if (action === 'clear') {
        const removed = store.clear();
        ctx.stdout(flags.json ? `${JSON.stringify({ dir: store.settings.dir, removed })}\n` : cacheClearedText(store.settings.dir, removed));
        return;
      }
      const info = { ...store.info(), enabled: !cacheDisabledByEnv() };
      ctx.stdout(flags.json ? `${JSON.stringify(info)}\n` : cacheInfoText(info));
    });
}
