/** The partner-form operations the UI calls, typed by the contract. */
import type { OperationOutput } from '../../shared/api/contract';
import type { FieldChoice, FieldReport, FormSummary, Inspection } from '../../shared/api/formOps';
import { api } from '../api/bridge';

export type { FieldChoice, FieldReport, FormSummary, Inspection };
export type BlankFormat = 'pdf' | 'docx';
export type ApplyOutcome = OperationOutput<'forms.apply'>;

/** A picked or dropped file, read once, as the API carries it. */
export interface FormFile {
  name: string;
  content_base64: string;
  size: number;
}

export const formsApi = {
  list: () => api.call('forms.list', {}),
  blank: (form: string, format: BlankFormat, dossier?: string) => api.call('forms.blank', { form, format, ...(dossier ? { dossier } : {}) }),
  inspect: (file: FormFile, dossier?: string) =>
    api.call('forms.inspect', { file: { name: file.name, content_base64: file.content_base64 }, ...(dossier ? { dossier } : {}) }),
  apply: (file: FormFile, choices: Record<string, FieldChoice>, dossier?: string) =>
    api.call('forms.apply', { file: { name: file.name, content_base64: file.content_base64 }, choices, ...(dossier ? { dossier } : {}) }),
};
