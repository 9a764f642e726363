/**
 * Folding for search: what people type and what is indexed go through the same function, so
 * "aqam" finds "ʔaq̓am" and "skwxwu7mesh" finds "Sḵwx̱wú7mesh". Accents and combining marks go
 * (NFD, then every mark), as do modifier letters (ʼ ˀ ʷ …), the glottal stops ʔ Ɂ ɂ, and
 * apostrophes inside a word (Ts’ḵw’aylaxw is one word); the rest is lower-cased.
 */
const MARKS = /\p{M}/gu;
const MODIFIERS_AND_GLOTTAL_STOPS = /[\p{Lm}\u0294\u0241\u0242\u02BC]/gu;
const WORD_APOSTROPHES = /(?<=[\p{L}\p{N}])['\u2019\u2018`´](?=[\p{L}\p{N}])/gu;

export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(WORD_APOSTROPHES, '').replace(MARKS, '').replace(MODIFIERS_AND_GLOTTAL_STOPS, '').toLowerCase().normalize('NFC');
}
