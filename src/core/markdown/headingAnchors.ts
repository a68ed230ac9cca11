import type MarkdownIt from 'markdown-it';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** A heading's text as GitHub reads it for its id: its text and code spans. */
export function headingText(inline: Token | undefined): string {
  return (inline?.children ?? [])
    .filter((c) => c.type === 'text' || c.type === 'code_inline')
    .map((c) => c.content)
    .join('');
}

/**
 * Every heading gets GitHub's id (a repeated one `-1`, `-2`…, so `#getting-started` links work)
 * and a `#` anchor before its text. One pass with a counter per id: markdown-it-anchor, which
 * does the same, looks each heading up again among all tokens and counts repeats from 1, so a
 * long file of repeated headings ("### Added" in a changelog) took seconds per hundred KB.
 */
export function headingAnchors(md: MarkdownIt): void {
  md.core.ruler.push('heading_anchors', (state) => {
    const used = new Set<string>();
    const next = new Map<string, number>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type !== 'heading_open') continue;
      const inline = tokens[i + 1];
      const base = slugify(headingText(inline));
      let n = next.get(base) ?? 0;
      let id = n === 0 ? base : `${base}-${n}`;
      while (used.has(id)) id = `${base}-${++n}`;
      next.set(base, n + 1);
      used.add(id);
      tokens[i].attrSet('id', id);
      tokens[i].attrSet('tabindex', '-1');
      if (!inline?.children) continue;
      const open = new state.Token('link_open', 'a', 1);
      open.attrs = [
        ['class', 'anchor'],
        ['href', `#${id}`],
        ['aria-hidden', 'true'],
      ];
      const symbol = Object.assign(new state.Token('text', '', 0), { content: '#' });
      const space = Object.assign(new state.Token('text', '', 0), { content: ' ' });
      inline.children.unshift(open, symbol, new state.Token('link_close', 'a', -1), space);
    }
  });
}
