/**
 * The compare references shipped with cyclekit, in the package's src/references (package.json
 * `files` ships them). Kept apart from their loader (src/cli/commands/compare.ts) so that help
 * text can name them without loading it.
 */
export const BUNDLED_REFERENCES = ['he-v', 'nvp'];

export const BUNDLED_REFERENCE_DIR = new URL('../../src/references/', import.meta.url);
