/**
 * A minimal XML writer: enough for JUnit reports, with escaping done in one place.
 * Characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are replaced
 * by U+FFFD, since a single one makes the whole report unreadable to a CI server.
 */
export function escapeXml(text: string, attribute = false): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (attribute && ch === '"') out += '&quot;';
    else if (attribute && ch === '\n') out += '&#10;';
    else if (attribute && ch === '\r') out += '&#13;';
    else if (attribute && ch === '\t') out += '&#9;';
    else if (c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000) out += ch;
    else out += '\uFFFD';
  }
  return out;
}

export interface XmlElement {
  name: string;
  attributes?: Record<string, string | number | null | undefined>;
  children?: XmlElement[];
  text?: string;
}

/** Serialise an element tree, two-space indented; attributes in the order given, null ones left out. */
export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, '')}\n`;
}

function element(e: XmlElement, indent: string): string {
  const attrs = Object.entries(e.attributes ?? {})
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v), true)}"`)
    .join('');
  const open = `${indent}<${e.name}${attrs}`;
  const children = e.children ?? [];
  if (children.length === 0 && (e.text === undefined || e.text === '')) return `${open}/>`;
  if (children.length === 0) return `${open}>${escapeXml(e.text!)}</${e.name}>`;
  return `${open}>\n${children.map((c) => element(c, indent + '  ')).join('\n')}\n${indent}</${e.name}>`;
}
