/**
 * Whether two organization names probably name the same partner, for the warning on create:
 * "Fraser Health Authority" and "fraser health" match; "Fraser Health" and "Interior Health" do
 * not. Names are folded as search folds them (accents, modifier letters, case), then compared by
 * their distinctive words — the words every health organization shares do not count.
 */
import { foldForSearch } from '../search/fold';

const COMMON_WORDS = new Set([
  'the', 'of', 'and', 'for', 'de', 'la', 'le', 'et', 'du', 'des',
  'health', 'healthcare', 'services', 'service', 'authority', 'society', 'association', 'centre', 'center',
  'clinic', 'clinics', 'medical', 'care', 'group', 'network', 'council', 'foundation',
  'inc', 'incorporated', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'llc', 'lp', 'ulc',
  'bc', 'british', 'columbia', 'canada', 'ministry',
]);

/** The distinctive words of a name, folded. */
export function distinctiveWords(name: string): Set<string> {
  const words = foldForSearch(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  const distinctive = words.filter((w) => !COMMON_WORDS.has(w));
  return new Set(distinctive.length > 0 ? distinctive : words);
}

/** 1 for the same words, 0 for none in common: shared words over the smaller name's words. */
export function nameSimilarity(a: string, b: string): number {
  const left = distinctiveWords(a);
  const right = distinctiveWords(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / Math.min(left.size, right.size);
}

/** Names this close or closer are worth a look before a second dossier is created. */
export const SIMILAR_NAME_THRESHOLD = 0.75;
