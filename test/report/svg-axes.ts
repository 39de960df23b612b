import { parseXml, type XmlNode } from '../gate/xml-parser.js';

/**
 * Reads a Vega-rendered SVG back as numbers: each axis' pixel→value mapping from its tick
 * labels, and the data values of a named mark's coordinates through those mappings. This is
 * how a test checks what a figure *shows* rather than what its spec says.
 */

function walk(node: XmlNode, visit: (n: XmlNode) => void): void {
  visit(node);
  for (const c of node.children) walk(c, visit);
}

function classOf(n: XmlNode): string {
  return n.attributes.class ?? '';
}

/** The group whose class names `scope` (e.g. `capacity_group`), or the whole figure. */
function scopeNode(root: XmlNode, scope?: string): XmlNode {
  if (scope === undefined) return root;
  let found: XmlNode | null = null;
  walk(root, (n) => {
    if (found === null && classOf(n).split(' ').includes(scope)) found = n;
  });
  if (found === null) throw new Error(`no group ${scope} in the SVG`);
  return found;
}

const translate = (n: XmlNode): [number, number] => {
  const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(n.attributes.transform ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
};

export interface Axis {
  title: string;
  /** Value at a pixel coordinate of the panel. */
  value(px: number): number;
}

/**
 * The x or y axis of a panel. Interior tick labels only: with labelFlush the first and last
 * are re-aligned, and a y label's baseline sits round(0.3 × font size) below its tick.
 */
export function axis(svg: string, which: 'X' | 'Y', scope?: string): Axis {
  const whole = parseXml(svg);
  const labelled = (root: XmlNode): XmlNode[] => {
    const found: XmlNode[] = [];
    walk(root, (n) => {
      if (!classOf(n).includes('role-axis') || !(n.attributes['aria-label'] ?? '').startsWith(`${which}-axis`)) return;
      let hasLabels = false;
      walk(n, (k) => {
        if (classOf(k).includes('role-axis-label')) hasLabels = true;
      });
      if (hasLabels) found.push(n);
    });
    return found;
  };
  // Stacked panels share their x axis, labelled under the bottom panel only (same x origin).
  const axes = labelled(scopeNode(whole, scope));
  const a = axes[axes.length - 1] ?? (which === 'X' ? labelled(whole).pop() : undefined);
  if (!a) throw new Error(`no ${which} axis`);
  const labels: { px: number; v: number }[] = [];
  let labelGroup: XmlNode | null = null;
  walk(a, (n) => {
    if (classOf(n).includes('role-axis-label')) labelGroup = n;
  });
  if (labelGroup === null) throw new Error(`no labels on the ${which} axis`);
  const texts = (labelGroup as XmlNode).children.filter((n) => n.name === 'text');
  for (const t of texts.slice(1, -1)) {
    const [x, y] = translate(t);
    const size = Number((t.attributes['font-size'] ?? '10px').replace('px', ''));
    const v = Number(t.text.replace(/,/g, '').replace(/\u2212/g, '-'));
    // vega-scenegraph puts a middle-baseline label Math.round(0.3 × font size) below its position.
    if (Number.isFinite(v)) labels.push({ px: which === 'X' ? x : y - Math.round(0.3 * size), v });
  }
  if (labels.length < 2) throw new Error(`fewer than two interior labels on the ${which} axis`);
  const p = labels[0]!;
  const q = labels[labels.length - 1]!;
  const slope = (q.v - p.v) / (q.px - p.px);
  const title = /titled '([^']*)'/.exec(a.attributes['aria-label'] ?? '')?.[1] ?? '';
  return { title, value: (px) => p.v + (px - p.px) * slope };
}

/** Pixel coordinates of every item of a mark (its class `NAME_marks`): line vertices, symbol centres, bar corners. */
export function markPoints(svg: string, markName: string): { x: number; y: number }[] {
  const root = parseXml(svg);
  const out: { x: number; y: number }[] = [];
  walk(root, (g) => {
    if (!classOf(g).split(' ').includes(`${markName}_marks`)) return;
    for (const n of g.children) {
      if (n.name !== 'path' && n.name !== 'line' && n.name !== 'text') continue;
      const [tx, ty] = translate(n);
      const d = n.attributes.d;
      if (n.name === 'path' && d && classOf(g).startsWith('mark-line')) {
        for (const m of d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)) out.push({ x: tx + Number(m[1]), y: ty + Number(m[2]) });
      } else if (n.name === 'path' && d && classOf(g).startsWith('mark-rect')) {
        const m = /^M([-\d.e]+),([-\d.e]+)h([-\d.e]+)v([-\d.e]+)/.exec(d);
        if (m) {
          const x0 = tx + Number(m[1]);
          const y0 = ty + Number(m[2]);
          out.push({ x: x0, y: y0 }, { x: x0 + Number(m[3]), y: y0 + Number(m[4]) });
        }
      } else out.push({ x: tx, y: ty });
    }
  });
  return out;
}

/** The data range a mark covers on each axis, read through the axes of its panel. */
export function plottedExtent(svg: string, markName: string, scope?: string): { x: [number, number]; y: [number, number] } {
  const pts = markPoints(svg, markName);
  if (pts.length === 0) throw new Error(`mark ${markName} has no items`);
  const ax = axis(svg, 'X', scope);
  const ay = axis(svg, 'Y', scope);
  const xs = pts.map((p) => ax.value(p.x));
  const ys = pts.map((p) => ay.value(p.y));
  return { x: [Math.min(...xs), Math.max(...xs)], y: [Math.min(...ys), Math.max(...ys)] };
}

/** `a` agrees with `b` to `digits` significant digits: within half a unit of the last digit of `b`. */
export function sameTo(a: number, b: number, digits = 4): boolean {
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(b))) - (digits - 1));
  return Math.abs(a - b) <= unit / 2;
}

/** Every text of the SVG (titles, labels, annotations). */
export function texts(svg: string): string[] {
  const out: string[] = [];
  walk(parseXml(svg), (n) => {
    if (n.name === 'text') out.push(n.text);
  });
  return out;
}
