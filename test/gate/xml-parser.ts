/**
 * A small, strict XML parser for tests: enough to read JUnit reports back and to prove they
 * are well-formed (balanced tags, quoted attributes, known entities, no stray '<' or '&').
 * Throws on anything malformed. Not a general XML parser: no DTDs, CDATA or namespaces.
 */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_.:]*/y;

export function parseXml(source: string): XmlNode {
  let pos = 0;
  const fail = (what: string): never => {
    const line = source.slice(0, pos).split('\n').length;
    throw new Error(`XML not well-formed at line ${line} (offset ${pos}): ${what}`);
  };
  const skipSpace = (): void => {
    while (pos < source.length && /\s/.test(source[pos]!)) pos++;
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(source);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);/g, (_, ent: string) => {
      if (ent === 'amp') return '&';
      if (ent === 'lt') return '<';
      if (ent === 'gt') return '>';
      if (ent === 'quot') return '"';
      if (ent === 'apos') return "'";
      if (/^#x[0-9a-fA-F]+$/.test(ent)) return String.fromCodePoint(parseInt(ent.slice(2), 16));
      if (/^#\d+$/.test(ent)) return String.fromCodePoint(Number(ent.slice(1)));
      return fail(`unknown entity &${ent};`);
    });
  const checkText = (raw: string): void => {
    if (raw.includes('<')) fail("stray '<' in text");
    if (/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/.test(raw)) fail("unescaped '&'");
  };

  const element = (): XmlNode => {
    if (source[pos] !== '<') fail("expected '<'");
    pos++;
    const node: XmlNode = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = pos;
      skipSpace();
      if (source.startsWith('/>', pos)) {
        pos += 2;
        return node;
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('expected whitespace before an attribute');
      const attr = name();
      skipSpace();
      if (source[pos] !== '=') fail(`expected '=' after attribute ${attr}`);
      pos++;
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") return fail(`attribute ${attr} value must be quoted`);
      const end = source.indexOf(quote, pos + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = source.slice(pos + 1, end);
      checkText(raw);
      if (Object.hasOwn(node.attributes, attr)) fail(`duplicate attribute ${attr}`);
      node.attributes[attr] = decode(raw);
      pos = end + 1;
    }
    for (;;) {
      const lt = source.indexOf('<', pos);
      if (lt < 0) fail(`unclosed element <${node.name}>`);
      const raw = source.slice(pos, lt);
      checkText(raw);
      node.text += decode(raw);
      pos = lt;
      if (source.startsWith('</', pos)) {
        pos += 2;
        const closing = name();
        if (closing !== node.name) fail(`</${closing}> closes <${node.name}>`);
        skipSpace();
        if (source[pos] !== '>') fail("expected '>'");
        pos++;
        return node;
      }
      if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
        continue;
      }
      node.children.push(element());
    }
  };

  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    pos = end + 2;
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (pos !== source.length) fail('content after the root element');
  return root;
}

/** All descendants (depth first) with a given element name. */
export function findAll(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode): void => {
    for (const c of n.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}
