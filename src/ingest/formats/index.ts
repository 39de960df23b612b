import type { FormatReader } from '../contract.js';
import { cyclekitCsv } from './cyclekit-csv.js';
import { genericCsv } from './generic.js';

/**
 * Every reader cyclekit knows, most specific first. Detection asks each one to sniff the
 * file's first bytes and takes the most confident; the generic reader is the fallback.
 */
export const READERS: FormatReader[] = [cyclekitCsv, genericCsv];
