/** A small RFC 5545 reader for tests: unfolds lines (CRLF + space/tab), splits VEVENTs into properties. */
export interface ParsedEvent {
  [property: string]: { params: Record<string, string>; value: string };
}

export function unfold(text: string): string[] {
  if (/[^\r]\n/.test(text)) throw new Error('iCalendar lines must end with CRLF');
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((line) => line !== '');
}

const unescape = (value: string) => value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

export function parseCalendar(text: string): { lines: string[]; events: ParsedEvent[] } {
  const lines = unfold(text);
  const events: ParsedEvent[] = [];
  let current: ParsedEvent | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      const [name, ...params] = line.slice(0, colon).split(';');
      current[name!] = { params: Object.fromEntries(params.map((p) => p.split('=') as [string, string])), value: unescape(line.slice(colon + 1)) };
    }
  }
  return { lines, events };
}
