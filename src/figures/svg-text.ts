/**
 * Text for SVG that sharp renders with librsvg: XML escaping (a name like "A&B <x>" would otherwise
 * break the whole SVG) and a width estimate to fit captions, since nothing measures text here.
 */

/** Characters XML 1.0 forbids even when escaped; librsvg rejects the whole document for one. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const NARROW = new Set(Array.from(" .,:;'!|()[]ijlrtfI1✓"));
const WIDE = new Set(Array.from('mwMWQGOD%@→…'));

/**
 * Rough width in pixels for DejaVu/Liberation Sans, on the generous side so estimated-to-fit
 * text really fits: narrow glyphs 0.33 em, wide ones 0.85 em, capitals 0.7 em, the rest 0.6 em.
 */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let ems = 0;
  for (const char of text) {
    if (NARROW.has(char)) ems += 0.33;
    else if (WIDE.has(char)) ems += 0.85;
    else if (char !== char.toLowerCase()) ems += 0.7;
    else ems += 0.6;
  }
  return ems * fontSize * (bold ? 1.08 : 1);
}

/** The text, cut with "…" if its estimated width exceeds maxWidth. Counts code points, not UTF-16 units. */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (estimateTextWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && estimateTextWidth(`${chars.join('')}…`, fontSize, bold) > maxWidth) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

export interface TextSpan {
  readonly text: string;
  readonly colour?: string;
  readonly bold?: boolean;
}

export interface TextOptions {
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly colour?: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
}

export const FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';

/** One <text> line made of differently coloured spans; every piece of text is escaped here. */
export function svgText(spans: readonly TextSpan[] | string, options: TextOptions): string {
  const parts = typeof spans === 'string' ? [{ text: spans }] : spans;
  const attributes = [
    `x="${options.x}"`,
    `y="${options.y}"`,
    `font-family="${FONT_FAMILY}"`,
    `font-size="${options.size}"`,
    `text-anchor="${options.anchor ?? 'start'}"`,
    `fill="${options.colour ?? '#222'}"`,
    options.bold ? 'font-weight="bold"' : '',
    options.italic ? 'font-style="italic"' : '',
  ].filter(Boolean);
  const body = parts
    .map((span) => {
      const style = [span.colour ? `fill="${span.colour}"` : '', span.bold ? 'font-weight="bold"' : ''].filter(Boolean).join(' ');
      return style ? `<tspan ${style}>${escapeXml(span.text)}</tspan>` : escapeXml(span.text);
    })
    .join('');
  return `<text ${attributes.join(' ')}>${body}</text>`;
}
