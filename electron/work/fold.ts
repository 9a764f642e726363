/**
 * RFC 5545 line folding by octets (3.1: lines SHOULD NOT be longer than 75 octets), never inside
 * a UTF-8 sequence. The ics package folds by characters, which overruns with accented names.
 */
export function foldICalendar(text: string): string {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  return unfolded
    .split('\r\n')
    .map((line) => {
      const parts: string[] = [];
      let current = '';
      let octets = 0;
      for (const char of line) {
        const size = Buffer.byteLength(char);
        // The first line holds 75 octets; each continuation starts with a space, so 74 more.
        const limit = parts.length === 0 ? 75 : 74;
        if (octets + size > limit) {
          parts.push(current);
          current = '';
          octets = 0;
        }
        current += char;
        octets += size;
      }
      parts.push(current);
      return parts.join('\r\n ');
    })
    .join('\r\n');
}
