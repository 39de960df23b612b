/** What `cache info` reports: the parsed-data cache's folder, size and whether commands use it. */
export interface CacheInfo {
  dir: string;
  entries: number;
  /** Of the entries, finished command outputs (docs/cache.md#second-run-of-the-same-command). */
  outputs: number;
  bytes: number;
  maxBytes: number;
  enabled: boolean;
}

export function cacheInfoText(info: CacheInfo): string {
  const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
  return [
    `cache folder   ${info.dir}`,
    `entries        ${info.entries} (${info.outputs} of them command outputs)`,
    `size           ${mb(info.bytes)} MB of ${mb(info.maxBytes)} MB (CYCLEKIT_CACHE_MAX_MB)`,
    `enabled        ${info.enabled ? 'yes' : 'no (CYCLEKIT_CACHE is off)'}`,
    '',
  ].join('\n');
}

export function cacheClearedText(dir: string, removed: number): string {
  return `removed ${removed} cache ${removed === 1 ? 'entry' : 'entries'} from ${dir}\n`;
}
