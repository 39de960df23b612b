/**
 * Shell-style globs for --include/--exclude: `*` and `?` stay within one path segment, `**`
 * spans segments, `{a,b}` is either, `[…]` a character class. A pattern without `/` is matched
 * against the file's name only (`*.pdf`, `LICENSE*`); one with `/` against the path relative
 * to the directory given on the command line (`raw/**​/*.csv`). Matching is case-sensitive.
 */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        // `**/` matches zero or more whole segments; a trailing `**` everything below.
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:[^/]*/)*';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '{') {
      braces++;
      re += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (ch === ',' && braces > 0) re += '|';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export interface PathFilter {
  include: string[];
  exclude: string[];
}

/** Whether a file passes --include (any, when given) and no --exclude; `relative` uses `/`. */
export function makePathFilter(filter: PathFilter): (relative: string) => boolean {
  const compile = (p: string): ((path: string) => boolean) => {
    const re = globToRegExp(p);
    return p.includes('/') ? (path) => re.test(path) : (path) => re.test(path.slice(path.lastIndexOf('/') + 1));
  };
  const include = filter.include.map(compile);
  const exclude = filter.exclude.map(compile);
  return (relative) => (include.length === 0 || include.some((m) => m(relative))) && !exclude.some((m) => m(relative));
}
