import type { FormatReader } from '../contract.js';
import { cyclekitCsv } from './cyclekit-csv.js';
import { genericCsv } from './generic.js';
import { arbinCsv } from './arbin-csv.js';
import { basytec } from './basytec.js';
import { batteryDataCsv, batteryDataSummary } from './batterydata.js';
import { biologic } from './biologic.js';
import { maccor } from './maccor.js';
import { newareCsv, newareLayeredCsv } from './neware-csv.js';
import { novonix } from './novonix.js';
import { pec } from './pec.js';
import { arbinRes } from './arbin-res.js';
import { newareNdax } from './neware-ndax.js';
import { newareNda } from './neware-nda.js';
import { biologicMpr } from './biologic-mpr.js';
import { arbinXlsx } from './arbin-xlsx.js';
import { landXlsx } from './land-xlsx.js';
import { newareXls } from './neware-xls.js';
import { bdf } from './bdf.js';
import { gamryDta } from './gamry.js';
import { landCcs } from './land-ccs.js';

/**
 * Every reader cyclekit knows, most specific first. Detection asks each one to sniff the
 * file's first bytes and takes the most confident; the generic reader is the fallback.
 */
export const READERS: FormatReader[] = [
  cyclekitCsv,
  arbinRes,
  newareNdax,
  newareNda,
  biologicMpr,
  newareXls,
  landXlsx,
  landCcs,
  arbinXlsx,
  newareCsv,
  newareLayeredCsv,
  arbinCsv,
  biologic,
  maccor,
  novonix,
  basytec,
  pec,
  batteryDataCsv,
  bdf,
  gamryDta,
  batteryDataSummary,
  genericCsv,
];
