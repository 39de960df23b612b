import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Load a dependency on first use instead of at start-up. Every command imports every reader;
 * parsing the spreadsheet, Access and YAML libraries up front cost ~0.4 s on each run, even
 * for `--version` or a plain CSV summary.
 */
export function lazy<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
