/**
 * What a log line may say about a message that failed validation: its shape, never its values —
 * a malformed call can carry a sync token, a passphrase or dossier content.
 */
export function messageShape(message: unknown): string {
  if (message === null || typeof message !== 'object') return message === null ? 'null' : typeof message;
  if (Array.isArray(message)) return `an array of ${message.length}`;
  const keys = Object.keys(message).slice(0, 12);
  return `an object with keys ${keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ') || '(none)'}`;
}
