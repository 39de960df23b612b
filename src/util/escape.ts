/**
 * Text from a data file, a spec or a file name is shown to people on terminals and in CI
 * logs. Control characters in it could move the cursor, retitle the window, clear the screen
 * (ESC sequences) or start a line of their own that looks like cyclekit's (a newline), so they
 * are shown escaped: `\n`, `\t`, `\x1b`, `\u202e`. Printable text, including non-ASCII
 * letters, is left as it is.
 */
// C0 and C1 controls, DEL, line/paragraph separators and the bidirectional overrides and isolates.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text with every control character escaped (newlines and tabs too). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/**
 * Multi-line output (tables): line breaks and tabs kept, every other control character
 * escaped; colour codes (SGR: ESC [ … m) are kept only when `keepColour` is set, since
 * cyclekit's own styling writes them.
 */
export function escapeControlInBlock(text: string, keepColour: boolean): string {
  const colour = /\u001b\[[0-9;]*m/y;
  let out = '';
  let last = 0;
  CONTROL.lastIndex = 0;
  for (let m = CONTROL.exec(text); m !== null; m = CONTROL.exec(text)) {
    const c = m[0];
    if (c === '\n' || c === '\t') continue;
    if (c === '\r' && text[m.index + 1] === '\n') continue;
    if (keepColour && c === '\u001b') {
      colour.lastIndex = m.index;
      const sgr = colour.exec(text);
      if (sgr) {
        CONTROL.lastIndex = m.index + sgr[0].length;
        continue;
      }
    }
    out += text.slice(last, m.index) + escapeOne(c);
    last = m.index + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Messages quote what they found; a quote longer than this is cut (a 10 MB spec is not echoed). */
export const MAX_MESSAGE_CHARS = 1000;

export function clipMessage(text: string, max = MAX_MESSAGE_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}
