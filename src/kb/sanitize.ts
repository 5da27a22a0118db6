import sanitizeHtml from 'sanitize-html';

/**
 * What a 方案 (solution) may hold: text formatting, lists, tables, links and
 * images over http(s). Everything else is dropped on write, with the text of
 * scripts and styles: no event handlers, no style attributes, no
 * javascript:/data: URLs, so a stored article cannot run anything in the
 * console that shows it.
 */
const SOLUTION_POLICY: sanitizeHtml.IOptions = {
  allowedTags: (
    'p br hr h1 h2 h3 h4 blockquote pre code strong b em i u s sub sup span ' +
    'ul ol li table thead tbody tr th td a img'
  ).split(' '),
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // links leave the console without handing it to the page they open
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }),
  },
};

/** The solution's HTML as it is stored and served. */
export const sanitizeSolution = (html: string): string => sanitizeHtml(html, SOLUTION_POLICY).trim();

/** Block boundaries become spaces, so words of two paragraphs do not run together. */
const BLOCK = /<\/?(?:p|br|hr|h[1-4]|blockquote|pre|li|ul|ol|table|tr|td|th)\b[^>]*>/gi;

/** The text of sanitised HTML, for the search index and the substring fallback. */
export function htmlText(html: string): string {
  const text = sanitizeHtml(html.replace(BLOCK, ' '), { allowedTags: [], allowedAttributes: {} });
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();
}
