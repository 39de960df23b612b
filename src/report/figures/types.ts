/**
 * A figure before rendering: a Vega-Lite spec with its data inline (so `--spec` hands users a
 * file they can restyle and render elsewhere) and the full series behind it for `--data`.
 */

/** A Vega-Lite top-level spec as plain JSON; typed loosely so specs stay readable object literals. */
export type VegaLiteSpec = Record<string, unknown>;

/** The series behind a figure, in the units its column names state (what `--data OUT.csv` writes). */
export interface FigureData {
  header: string[];
  rows: (string | number | null)[][];
}

export interface Figure {
  kind: FigureKind;
  spec: VegaLiteSpec;
  data: FigureData;
}

export const FIGURE_KINDS = ['profile', 'dqdv', 'dvdq', 'retention', 'rate', 'windows', 'peaks'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export type Theme = 'light' | 'dark';

/** Outer size of the figure in CSS pixels (1/96 in), as the SVG's width and height attributes. */
export interface FigureSize {
  widthPx: number;
  heightPx: number;
  /** What the user asked for, for messages: "85mm", "640x480". */
  text: string;
}

export interface FigureLook {
  size: FigureSize;
  theme: Theme;
  /** Replaces the kind's own title; '' for none. */
  title: string | null;
}
