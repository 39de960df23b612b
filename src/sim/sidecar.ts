import type { CellModel } from './cell.js';

export interface SidecarFacts {
  model: CellModel;
  massG: number;
  oneCMAG: number;
  /** One-line description of how the file was made, kept as a YAML comment. */
  command: string;
}

/**
 * The `<output>.cell.yaml` that `src/ingest/sidecar.ts` reads beside a data file: mass and
 * 1C definition so that summaries need no flags. Keys per CLI.md; provenance as comments,
 * because the sidecar reader rejects keys it does not know.
 */
export function sidecarYaml(f: SidecarFacts): string {
  const spec = f.model.spec;
  const lines = [
    `# written by: ${f.command}`,
    `# ${spec.title}; synthetic data from cyclekit's cell model, not a measurement`,
    `massMg: ${Number((f.massG * 1000).toPrecision(10))}`,
  ];
  if (spec.cellType === 'full') lines.push(`anodeMassMg: ${Number((f.massG * 1000 * f.model.anodeMassRatio).toPrecision(6))}`);
  lines.push(`cRateBasis: ${Number(f.oneCMAG.toPrecision(10))}mA/g`);
  if (spec.cathode.formula) lines.push(`formula: ${spec.cathode.formula}`);
  if (spec.cathode.electrons !== null) lines.push(`electrons: ${spec.cathode.electrons}`);
  lines.push(`cellType: ${spec.cellType}`);
  if (spec.reference !== null) lines.push(`reference: ${spec.reference}`);
  return lines.join('\n') + '\n';
}
