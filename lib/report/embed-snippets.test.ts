import { describe, expect, it } from 'vitest';
import { embedSnippets, escapeHtml } from '@/lib/report/embed-snippets';

describe('embedSnippets', () => {
  it('gives the badge as Markdown, HTML and URL, linking to the domain page', () => {
    const s = embedSnippets('http://127.0.0.1:3100', 'healthy.test.');
    expect(s.badgeUrl).toBe('http://127.0.0.1:3100/badge/healthy.test.svg');
    expect(s.pageUrl).toBe('http://127.0.0.1:3100/domain/healthy.test');
    expect(s.markdown).toBe('[![DNS](http://127.0.0.1:3100/badge/healthy.test.svg)](http://127.0.0.1:3100/domain/healthy.test)');
    expect(s.html).toBe(
      '<a href="http://127.0.0.1:3100/domain/healthy.test"><img src="http://127.0.0.1:3100/badge/healthy.test.svg" alt="DNS status of healthy.test"></a>',
    );
  });

  it('escapes a hostile name in every snippet', () => {
    const s = embedSnippets('https://z.example', 'a"><script>(x)</script>.test.');
    expect(s.html).not.toMatch(/<script>|"><s/);
    expect(s.html).toContain('alt="DNS status of a&quot;&gt;&lt;script&gt;(x)&lt;/script&gt;.test"');
    expect(s.markdown).not.toMatch(/[<>"]/);
    expect(s.badgeUrl).not.toMatch(/[<>"]/);
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});
