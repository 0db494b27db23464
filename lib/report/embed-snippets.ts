// What the Embed panel offers: the badge of a domain as Markdown, HTML and a plain URL, each
// linking to the domain's history (whose newest entry is its latest report). Pure, isomorphic.
// The domain comes from DNS data (a report), so it is percent-encoded in URLs, and the HTML
// snippet escapes everything it interpolates; the page shows all three as React text.

export interface EmbedSnippets {
  badgeUrl: string;
  pageUrl: string;
  markdown: string;
  html: string;
}

/** The name as badge and history URLs carry it: no trailing dot, each label percent-encoded. */
export function domainPathSegment(domain: string): string {
  return encodeURIComponent(domain.replace(/\.$/, ''));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Markdown link/image targets cannot hold `(`, `)`, `<`, `>` or spaces unescaped. */
function markdownUrl(url: string): string {
  return url.replace(/[()<>\s\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function embedSnippets(origin: string, domain: string): EmbedSnippets {
  const name = domain.replace(/\.$/, '');
  const segment = domainPathSegment(domain);
  const badgeUrl = `${origin}/badge/${segment}.svg`;
  const pageUrl = `${origin}/domain/${segment}`;
  return {
    badgeUrl,
    pageUrl,
    markdown: `[![DNS](${markdownUrl(badgeUrl)})](${markdownUrl(pageUrl)})`,
    html: `<a href="${escapeHtml(pageUrl)}"><img src="${escapeHtml(badgeUrl)}" alt="${escapeHtml(`DNS status of ${name}`)}"></a>`,
  };
}
