import type { ChalkInstance } from 'chalk';
import type { SiteEntropy } from '../analysis/entropy.js';
import type { TheoryResult } from '../analysis/theory.js';
import { toCsv } from './csv.js';
import { csvNumber, fixed } from './numbers.js';
import { renderTable } from './table.js';

/** `theory --json`: one result (docs/json.md). */
export interface TheoryJson {
  formula: string;
  composition: Record<string, number>;
  charge: number | null;
  molarMassGMol: number;
  electrons: number;
  theoreticalCapacityMAhG: number;
  site: Pick<SiteEntropy, 'entropyR' | 'class' | 'occupants'> | null;
}

export function theoryJson(r: TheoryResult): TheoryJson {
  return {
    formula: r.formula,
    composition: Object.fromEntries(r.composition.elements),
    charge: r.composition.charge,
    molarMassGMol: r.molarMassGMol,
    electrons: r.electrons,
    theoreticalCapacityMAhG: r.theoreticalCapacityMAhG,
    site: r.site ? { entropyR: r.site.entropyR, class: r.site.class, occupants: r.site.occupants } : null,
  };
}

export function theoryTable(r: TheoryResult, style: ChalkInstance): string {
  const lines: string[] = [];
  lines.push(`${style.bold('formula')}               ${r.formula}`);
  lines.push(`${style.bold('composition')}           ${[...r.composition.elements].map(([e, n]) => `${e} ${Number(n.toPrecision(6))}`).join(', ')}`);
  lines.push(`${style.bold('molar mass')}            ${fixed(r.molarMassGMol, 2)} g mol⁻¹`);
  lines.push(`${style.bold('electrons')}             ${r.electrons} per formula unit`);
  lines.push(`${style.bold('theoretical capacity')}  ${fixed(r.theoreticalCapacityMAhG, 1)} mAh g⁻¹   ${style.dim('Q = n·F / (3.6·M)')}`);
  if (r.composition.charge !== null) lines.push(style.dim(`(charge ${r.composition.charge > 0 ? '+' : ''}${r.composition.charge} ignored for the molar mass)`));
  if (r.site) {
    lines.push('');
    lines.push(renderTable(
      [{ header: 'site', align: 'left' }, { header: 'amount' }, { header: 'fraction' }],
      r.site.occupants.map((o) => [o.element, String(Number(o.amount.toPrecision(6))), fixed(o.fraction, 4)]),
      style,
    ));
    lines.push(`${style.bold('configurational entropy')}  ${fixed(r.site.entropyR, 3)} R   ${style.dim('S/R = −Σ xᵢ ln xᵢ')} → ${r.site.class} entropy ${style.dim('(< 1 R low, 1–1.5 R medium, ≥ 1.5 R high)')}`);
  }
  return lines.join('\n');
}

/** `theory --csv`: one row with a header. */
export function theoryCsv(r: TheoryResult): string {
  return toCsv(
    ['formula', 'molarMassGMol', 'electrons', 'theoreticalCapacityMAhG', 'siteEntropyR', 'siteClass'],
    [[r.formula, csvNumber(r.molarMassGMol), csvNumber(r.electrons), csvNumber(r.theoreticalCapacityMAhG), r.site ? csvNumber(r.site.entropyR) : null, r.site?.class ?? null]],
  );
}
