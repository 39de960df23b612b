import { displayWidth } from './table.js';

/**
 * Word-wrap one line to `width` terminal columns; continuation lines are indented two past the
 * line's own indent. Colour codes never sit inside a word, so splitting at spaces keeps them whole.
 * A word longer than the width is cut.
 */
export function wrapLine(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const indent = /^\s*/.exec(line)![0];
  const hang = indent + '  ';
  const words = line.slice(indent.length).split(' ');
  const out: string[] = [];
  let current = indent;
  let empty = true;
  for (const word of words) {
    const sep = empty ? '' : ' ';
    if (displayWidth(current + sep + word) <= width) {
      current += sep + word;
      empty = false;
      continue;
    }
    if (!empty) out.push(current);
    let rest = word;
    current = out.length === 0 && empty ? indent : hang;
    while (displayWidth(current + rest) > width) {
      const room = Math.max(1, width - displayWidth(current));
      const chars = [...rest];
      out.push(current + chars.slice(0, room).join(''));
      rest = chars.slice(room).join('');
      current = hang;
    }
    current += rest;
    empty = rest.length === 0;
  }
  if (!empty || out.length === 0) out.push(current);
  return out.map((l) => l.replace(/\s+$/, ''));
}

/** Every line of a text wrapped to `width`. */
export function wrapText(text: string, width: number): string {
  return text.split('\n').flatMap((l) => wrapLine(l, width)).join('\n');
}

/** Items joined by `sep` into lines of at most `width` columns, each line starting with `indent`. */
export function wrapItems(items: string[], width: number, indent: string, sep = ' · '): string[] {
  const lines: string[] = [];
  let current = '';
  for (const item of items) {
    const next = current === '' ? indent + item : current + sep + item;
    if (current !== '' && displayWidth(next) > width) {
      lines.push(current);
      current = indent + item;
    } else current = next;
  }
  if (current !== '') lines.push(current);
  return lines;
}
