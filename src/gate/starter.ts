import type { CycleSummary } from '../analysis/summary.js';
import { DEFAULT_TOLERANCE_V } from './spec.js';

/** What a starter spec is drawn from: one file's summary. */
export interface StarterInput {
  file: string;
  format: string;
  massG: number | null;
  cycles: CycleSummary[];
  badRows: number | null;
  /** Retention of the last cycle against the default reference (as `retention` picks it), when there are enough cycles. */
  retention: { referenceCycle: number; cycle: number; value: number } | null;
}

/** Round down / up to 3 significant digits, so the measured value stays inside the bounds. */
function down(x: number): number {
  const p = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 2);
  return Math.floor(x / p) * p;
}
function up(x: number): number {
  const p = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 2);
  return Math.ceil(x / p) * p;
}
const fmt = (x: number): string => String(Number(x.toPrecision(6)));
/** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
const q = (s: string): string => JSON.stringify(s);

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * A commented starter spec for `check init FILE`: the file's own figures with margins (±5 %
 * on capacity, −1 point on Coulombic efficiency, −5 points on retention), so the file passes
 * its own spec and a later file that drifts does not. Each rule says what was measured; the
 * margins are a starting point to edit, not a recommendation.
 */
export function starterSpec(input: StarterInput | null): string {
  const lines: string[] = [
    '# cyclekit check spec (YAML). Run: cyclekit check --spec THIS_FILE data/*.csv',
    '# Each rule: metric (a per-cycle key of `summary --json`, retention, cycleCount, dqdvPeak, …),',
    '# cycles (3, 2-5, 2-last or all), aggregate (mean | min | max | first | last), min and/or max',
    '# in the metric\'s unit (fractions for efficiencies and retention; "99 %" and "165 mAh/g" work too).',
  ];
  if (input === null) {
    lines.push(
      'name: my cells',
      'rules:',
      '  - name: time never runs backwards',
      '    metric: monotonicTime',
      '  - name: no malformed rows',
      '    metric: badRows',
      '    max: 0',
      '  # - name: reversible capacity',
      '  #   metric: dischargeSpecificCapacityMAhG   # needs the active mass (--mass or cell.yaml)',
      '  #   cycles: 2-5',
      '  #   min: 165',
      '  # - name: Coulombic efficiency after formation',
      '  #   metric: coulombicEfficiency',
      '  #   cycles: 2-last',
      '  #   min: 0.99',
      '  # - name: plateau on discharge',
      '  #   metric: dqdvPeak',
      '  #   direction: discharge',
      '  #   cycles: 3',
      '  #   nearV: 3.43',
      `  #   toleranceV: ${DEFAULT_TOLERANCE_V}`,
      '',
    );
    return lines.join('\n');
  }
  const cycles = input.cycles;
  lines.push(`# Drawn from ${input.file} (${input.format}, ${cycles.length} cycles${input.massG !== null ? `, active mass ${fmt(input.massG * 1000)} mg` : ''}) by cyclekit check init.`);
  lines.push(`name: starter spec from ${JSON.stringify(input.file.split(/[\\/]/).pop() ?? input.file)}`, 'rules:');
  lines.push('  - name: time never runs backwards', '    metric: monotonicTime');
  if (input.badRows !== null) lines.push(`  # this file: ${input.badRows} malformed rows`, '  - name: malformed rows', '    metric: badRows', `    max: ${input.badRows}`);
  lines.push(`  # this file: ${cycles.length} cycles`, '  - name: cycles in the file', '    metric: cycleCount', `    min: ${cycles.length}`);

  // Formation (cycle 1) and a possibly unfinished last cycle are left out of the averages.
  const first = cycles[0]?.cycle;
  const last = cycles[cycles.length - 1]?.cycle;
  const body = cycles.length > 3 ? cycles.slice(1, -1) : cycles.length > 1 ? cycles.slice(1) : cycles;
  const range = body.length === 0 ? null : body.length === 1 ? `${body[0]!.cycle}` : `${body[0]!.cycle}-${body[body.length - 1]!.cycle}`;
  const why = cycles.length > 3 ? `cycle ${first} (formation) and ${last} (may be unfinished) left out` : cycles.length > 1 ? `cycle ${first} (formation) left out` : 'the only cycle';
  const specific = input.massG !== null && body.some((c) => c.dischargeSpecificCapacityMAhG !== null);
  const capKey = specific ? 'dischargeSpecificCapacityMAhG' : 'dischargeCapacityMAh';
  const unit = specific ? 'mAh/g' : 'mAh';
  const caps = body.map((c) => c[capKey]).filter((v): v is number => v !== null && v > 0);
  if (range !== null && caps.length > 0) {
    const m = mean(caps);
    lines.push(
      `  # this file: mean ${fmt(m)} ${unit} (${why})`,
      `  - name: ${q(`discharge capacity, cycles ${range}`)}`,
      `    metric: ${capKey}`,
      `    cycles: ${range}`,
      '    aggregate: mean',
      `    min: ${fmt(down(m * 0.95))}   # −5 %`,
      `    max: ${fmt(up(m * 1.05))}   # +5 %`,
    );
  }
  const ces = body.map((c) => c.coulombicEfficiency).filter((v): v is number => v !== null);
  if (range !== null && ces.length > 0 && cycles.length > 1) {
    const m = mean(ces);
    lines.push(
      `  # this file: mean ${fmt(m * 100)} %`,
      `  - name: ${q(`Coulombic efficiency, cycles ${range}`)}`,
      '    metric: coulombicEfficiency',
      `    cycles: ${range}`,
      '    aggregate: mean',
      `    min: ${fmt(down(m - 0.01))}   # −1 point`,
    );
  }
  if (input.retention !== null) {
    const r = input.retention;
    lines.push(
      `  # this file: ${fmt(r.value * 100)} % (reference: cycle ${r.referenceCycle}, as \`cyclekit retention\` picks it)`,
      `  - name: ${q(`capacity retention at cycle ${r.cycle}`)}`,
      '    metric: retention',
      `    cycles: ${r.cycle}`,
      `    min: ${fmt(down(r.value - 0.05))}   # −5 points`,
    );
  }
  lines.push(
    '  # A dQ/dV plateau (pick the potential from `cyclekit dqdv FILE`):',
    '  # - metric: dqdvPeak',
    '  #   direction: discharge',
    `  #   cycles: ${range ?? 1}`,
    '  #   nearV: 3.43',
    `  #   toleranceV: ${DEFAULT_TOLERANCE_V}`,
    '',
  );
  return lines.join('\n');
}
