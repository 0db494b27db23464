// Test helper: is a badge's SVG well-formed XML? No XML parser ships with Node, and a full one
// would be a dependency for one assertion; badge-maker's output is plain enough to check exactly.

/**
 * A strict little well-formedness check for the XML badge-maker writes (elements, quoted
 * attributes, text; no comments, CDATA or processing instructions): balanced tags, `<` never in
 * text or attribute values, `&` only as one of XML's five entities or a character reference, and
 * only characters XML 1.0 allows.
 */
export function assertWellFormedXml(xml: string): void {
  if (/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(xml)) throw new Error('a character XML 1.0 does not allow');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < xml.length) {
    token.lastIndex = at;
    m = token.exec(xml);
    if (!m) throw new Error(`not well-formed at ${at}: ${xml.slice(at, at + 40)}`);
    at = token.lastIndex;
    const [, closing, name, attrs, selfClosing, text] = m;
    const checkEntities = (s: string) => {
      for (const amp of s.matchAll(/&/g)) {
        if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/.test(s.slice(amp.index))) throw new Error(`bare & in ${s}`);
      }
    };
    if (text !== undefined) {
      if (stack.length === 0 && text.trim()) throw new Error('text outside the root element');
      checkEntities(text);
    } else if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes nothing open`);
    } else {
      if (stack.length === 0 && at !== m[0].length) throw new Error('a second root element');
      checkEntities(attrs ?? '');
      const seen = new Set<string>();
      for (const a of (attrs ?? '').matchAll(/([\w:.-]+)=/g)) {
        if (seen.has(a[1]!)) throw new Error(`attribute ${a[1]} twice`);
        seen.add(a[1]!);
      }
      if (!selfClosing) stack.push(name!);
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
}
