import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * Chinese has no spaces between words, and FTS5's tokenizers split on them:
 * unicode61 would index a whole clause as one token, trigram needs three
 * characters (so 退款 or 发票 find nothing). jieba cuts text into words; the
 * index stores them separated by spaces and unicode61 does the rest (case
 * folding, punctuation). HMM guessing of unknown words is off on both sides
 * so a query and a document cut the same text the same way.
 */
export interface Segmenter {
  /** Text as the index stores it: words and their sub-words (search mode), space separated. */
  index(text: string): string;
  /** A query's words, without punctuation or spaces. */
  words(text: string): string[];
  /**
   * Every dictionary word of two or more characters anywhere in the text,
   * overlapping ones included: 怎么开发票 cuts as 怎么|开发票, and this also
   * gives 开发 and 发票, for a search that failed on the words.
   */
  anyWords(text: string): string[];
}

/** A word carries a letter or a digit; the rest is punctuation and space. */
const WORDLIKE = /[\p{L}\p{N}]/u;

/** The dictionary loads on first use (~0.2 s), not when the box is built. */
export function createSegmenter(): Segmenter {
  let jieba: Jieba | undefined;
  const cutter = () => {
    jieba ??= Jieba.withDict(dict);
    return jieba;
  };
  return {
    index: (text) =>
      cutter()
        .cutForSearch(text, false)
        .filter((w) => WORDLIKE.test(w))
        .join(' '),
    words: (text) => [
      ...new Set(
        cutter()
          .cut(text, false)
          .filter((w) => WORDLIKE.test(w)),
      ),
    ],
    anyWords: (text) => [
      ...new Set(
        cutter()
          .cutAll(text)
          .filter((w) => [...w].length > 1 && WORDLIKE.test(w)),
      ),
    ],
  };
}

/**
 * An FTS5 MATCH expression of `words`: every word (`all`) or any (`any`).
 * Each word is a quoted string, so nothing the user typed is FTS5 syntax.
 */
export function matchExpression(words: readonly string[], mode: 'all' | 'any'): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"`).join(mode === 'all' ? ' ' : ' OR ');
}
