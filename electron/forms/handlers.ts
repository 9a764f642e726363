/** The form operations of the contract, bound to the forms service. */
import type { Handlers } from '../../shared/api/contract';
import type { FormOperation } from '../../shared/api/formOps';
import type { QuestionnaireContext } from '../questionnaire/index';
import { applyForm, blankForm, formsContext, inspectForm, listForms } from './service';

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export function formHandlers(base: QuestionnaireContext): Pick<Handlers, FormOperation> {
  const ctx = formsContext(base);
  return {
    'forms.list': () => listForms(ctx),
    'forms.blank': async (input) => {
      const file = await blankForm(ctx, input);
      return { file_name: file.file_name, media_type: file.media_type, content_base64: Buffer.from(file.bytes).toString('base64') };
    },
    'forms.inspect': async (input) => (await inspectForm(ctx, input.file.name, fromBase64(input.file.content_base64), input.dossier)).inspection,
    'forms.apply': (input) =>
      applyForm(ctx, { name: input.file.name, bytes: fromBase64(input.file.content_base64), dossier: input.dossier, choices: input.choices }),
  };
}
