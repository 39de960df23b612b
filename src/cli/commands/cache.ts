import { CacheStore, cacheDisabledByEnv } from '../../cache/store.js';
import type { RunContext } from '../run.js';

/** `cyclekit cache info|clear`: where the parsed-data cache is, how big, and emptying it. */
export function runCache(action: 'info' | 'clear', flags: { json?: boolean }, ctx: RunContext): number {
  const store = new CacheStore();
  if (action === 'clear') {
    const removed = store.clear();
    if (flags.json) ctx.stdout(`${JSON.stringify({ dir: store.settings.dir, removed })}\n`);
    else ctx.stdout(`removed ${removed} cache ${removed === 1 ? 'entry' : 'entries'} from ${store.settings.dir}\n`);
    return 0;
  }
  const info = { ...store.info(), enabled: !cacheDisabledByEnv() };
  if (flags.json) {
    ctx.stdout(`${JSON.stringify(info)}\n`);
    return 0;
  }
  const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
  ctx.stdout(
    [
      `cache folder   ${info.dir}`,
      `entries        ${info.entries}`,
      `size           ${mb(info.bytes)} MB of ${mb(info.maxBytes)} MB (CYCLEKIT_CACHE_MAX_MB)`,
      `enabled        ${info.enabled ? 'yes' : 'no (CYCLEKIT_CACHE is off)'}`,
      '',
    ].join('\n'),
  );
  return 0;
}
