/** Which value each field of an inspected form ends up with: the form's or the dossier's. */
import type { FieldChoice, FieldReport, Inspection } from './formsApi';

/** A field the lead can choose for: the form holds a valid value that differs from the dossier's. */
export const isChoosable = (field: FieldReport) => field.differs;

/**
 * The starting choices: take every valid value that differs, keep the dossier's value where the
 * form's is invalid (the engine refuses to apply an invalid value, so it can only be left out).
 */
export function defaultChoices(inspection: Inspection): Record<string, FieldChoice> {
  const choices: Record<string, FieldChoice> = {};
  for (const field of inspection.fields) {
    if (!field.valid) choices[field.key] = 'dossier';
    else if (isChoosable(field)) choices[field.key] = 'form';
  }
  return choices;
}

export function withAll(inspection: Inspection, choices: Record<string, FieldChoice>, choice: FieldChoice): Record<string, FieldChoice> {
  const next = { ...choices };
  for (const field of inspection.fields) if (isChoosable(field)) next[field.key] = choice;
  return next;
}

export function takenCount(inspection: Inspection, choices: Record<string, FieldChoice>): number {
  return inspection.fields.filter((f) => isChoosable(f) && choices[f.key] === 'form').length;
}
