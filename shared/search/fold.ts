/**
 * Folding for search: what people type and what is indexed go through the same function, so
 * "aqam" finds "ʔaq̓am" and "skwxwu7mesh" finds "Sḵwx̱wú7mesh". Accents and combining marks go
 * (NFD, then every mark), as do modifier letters (ʼ ˀ ʷ …), the glottal stops ʔ Ɂ ɂ, and
 * apostrophes inside a word (Ts’ḵw’aylaxw is one word); the rest is lower-cased.
 */
const MARKS = /\p{M}/gu;
const MODIFIERS_AND_GLOTTAL_STOPS = /[\p{Lm}\u0294\u0241\u0242\u02BC]/gu;
const WORD_APOSTROPHES = /(?<=[\p{L}\p{N}])['\u2019\u2018`´](?=[\p{L}\p{N}])/gu;

/** Folds text as a whole (the definition; `foldForSearch` gives the same result word by word). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(WORD_APOSTROPHES, '').replace(MARKS, '').replace(MODIFIERS_AND_GLOTTAL_STOPS, '').toLowerCase().normalize('NFC');
}

/** Folded words seen before: names repeat words (Health, Nation, Society), and a pull folds thousands. */
const foldedWords = new Map<string, string>();
const FOLDED_WORDS_KEPT = 50_000;
/** ASCII without an apostrophe or backtick: folding only lower-cases it. */
const PLAIN_ASCII = /^[\x00-\x26\x28-\x5f\x61-\x7f]*$/;

/**
 * No step of the folding reaches across a space (an apostrophe is dropped only between letters or
 * digits, marks attach to what precedes them, a final sigma ends at the space), so each word is
 * folded on its own, repeated words come from the cache and plain ASCII is only lower-cased.
 */
export function foldForSearch(text: string): string {
  const words = text.split(' ');
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (PLAIN_ASCII.test(word)) {
      words[i] = word.toLowerCase();
      continue;
    }
    let folded = foldedWords.get(word);
    if (folded === undefined) {
      folded = foldText(word);
      if (foldedWords.size >= FOLDED_WORDS_KEPT) foldedWords.clear();
      foldedWords.set(word, folded);
    }
    words[i] = folded;
  }
  return words.join(' ');
}
