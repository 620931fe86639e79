import { pinyinKeys } from './roster';

/**
 * Tokens for full-text search over Chinese without a word segmenter (DESIGN.md: Data).
 *
 * A run of Han characters becomes its overlapping pairs plus its last character alone
 * ("低保户" → 低保 保户 户); other letters and digits become lower-case words. A query is
 * split the same way and matched as a phrase, so any substring of two or more characters is
 * found through the index, and a single character through a prefix match. One table serves
 * queries of every length: pairs in a phrase cover what a trigram index would, and the
 * two-character words clerks type most (低保, 道路) need no scan.
 */

// Han runs, and runs of other letters and digits (which must stop at a Han character: G320国道).
const RUNS = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;

export function searchTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const m of text.matchAll(RUNS)) {
    const han = m[1];
    if (han) {
      const chars = [...han];
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
      tokens.push(chars[chars.length - 1]!);
    } else {
      tokens.push(m[2]!.toLowerCase());
    }
  }
  return tokens;
}

/** The document for one record: its texts' tokens, and people's names also as pinyin and initials. */
export function searchDocument(texts: string[], names: string[]): string {
  const tokens = texts.flatMap(searchTokens);
  for (const name of names) {
    tokens.push(...searchTokens(name));
    const { full, initials } = pinyinKeys(name);
    if (full) tokens.push(full);
    if (initials) tokens.push(initials);
  }
  return tokens.join(' ');
}

/**
 * An FTS5 MATCH expression for what the clerk typed, or null when nothing searchable is left.
 * Terms separated by spaces must all match. A Han term of two or more characters is a phrase
 * of its pairs (without the trailing single character, which only marks a run's end); one
 * character, or a Latin/digit word (pinyin, initials, a number), matches as a prefix.
 */
export function searchQuery(q: string): string | null {
  const terms: string[] = [];
  for (const m of q.matchAll(RUNS)) {
    const han = m[1];
    if (han) {
      const chars = [...han];
      if (chars.length === 1) terms.push(`"${han}"*`);
      else terms.push(`"${searchTokens(han).slice(0, -1).join(' ')}"`);
    } else {
      terms.push(`"${m[2]!.toLowerCase()}"*`);
    }
  }
  return terms.length ? terms.join(' AND ') : null;
}
