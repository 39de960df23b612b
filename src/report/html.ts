import { colours } from './figures/look.js';
import type { Theme } from './figures/types.js';

/**
 * One self-contained HTML page: inline SVG figures, text sections as preformatted blocks and
 * its own styles. No script, no font, no image and no link is fetched, so it opens offline and
 * from a mail attachment alike.
 */

export interface HtmlSection {
  title: string;
  /** Preformatted text (a table, a note) shown as is. */
  text?: string;
  /** SVG documents, shown in order. */
  figures?: { caption: string; svg: string }[];
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An SVG document as an element to inline: the XML declaration dropped, an accessible role added. */
function inlineSvg(svg: string, caption: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(caption)}" `);
}

export function htmlPage(title: string, sections: HtmlSection[], theme: Theme = 'light'): string {
  const c = colours(theme);
  const body = sections
    .map((s) => {
      const parts = [`<section>`, `<h2>${escapeHtml(s.title)}</h2>`];
      for (const f of s.figures ?? []) parts.push(`<figure class="figure">${inlineSvg(f.svg, f.caption)}<figcaption>${escapeHtml(f.caption)}</figcaption></figure>`);
      if (s.text) parts.push(`<pre>${escapeHtml(s.text)}</pre>`);
      parts.push('</section>');
      return parts.join('\n');
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; background: ${c.background}; color: ${c.text}; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; border-bottom: 1px solid ${c.grid}; padding-bottom: 0.2em; margin-top: 2em; }
pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.8em; overflow-x: auto; }
figure { margin: 1em 0; } figcaption { font-size: 0.85em; opacity: 0.8; }
svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}
