/**
 * Field messages from the engine name the field by path and label ("contacts.sponsor.email
 * (Sponsor — e-mail): ..."); next to the field itself the label is enough.
 */
import { findField, type FieldDef } from '../../shared/dossier/fields';

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function fieldMessage(def: FieldDef, message: string): string {
  const named = `${def.path} (${def.label})`;
  if (message.startsWith(`${named}: `)) return capitalize(message.slice(named.length + 2));
  if (message.startsWith(`${named} `)) return `${def.label} ${message.slice(named.length + 1)}`;
  if (message.startsWith(`${def.path}: `)) return capitalize(message.slice(def.path.length + 2));
  return message;
}

export interface ProblemsByField {
  byField: Record<string, string>;
  /** Problems that do not belong to a field of the form. */
  other: string[];
}

/** Sorts an API error's `details.problems` onto the form's fields (zod paths arrive as "changes.<path>"). */
export function problemsByField(problems: { field: string; message: string }[] | undefined, fieldsOnForm: Set<string>): ProblemsByField {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const problem of problems ?? []) {
    const path = problem.field.replace(/^(changes|fields)\./, '');
    const def = findField(path);
    if (def && fieldsOnForm.has(path)) byField[path] = fieldMessage(def, problem.message.replace(/^(changes|fields)\./, ''));
    else other.push(problem.message);
  }
  return { byField, other };
}
