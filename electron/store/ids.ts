/** Device-generated, time-ordered identifiers (UUIDv7): no central counter, safe to merge. */
import { v7 } from 'uuid';

export function newId(): string {
  return v7();
}
