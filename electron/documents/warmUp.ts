/**
 * What the first document of a process would otherwise pay for, paid while nobody waits: a
 * long-lived process (the desktop app's engine, the browser host) calls this once after start,
 * so the first preview a user opens does not also read and parse BC Sans, compile the renderers'
 * code paths (the JavaScript engine optimizes them only once they have run) and build the
 * shaping tables. The CLI does not: each command is its own short process.
 */
import type { DocumentModel } from '../../shared/documents/model';
import { renderDocxConcurrently, startDocxWorker } from './docx/docxWorker';
import { generateFormats, type DocumentContext } from './generate';
import { renderPdf } from './pdf/render';

/** Every kind of block, every face, and letters that need shaping, in a page or two. */
const SAMPLE: DocumentModel = {
  meta: { title: 'Warm-up', subject: 'Warm-up', author: 'PCR Onboarding Workbench', header: 'PCR-2026-0000 · Warm-up', footer: 'Sḵwx̱wú7mesh Úxwumixw · ʔaq̓am', language: 'en-CA' },
  blocks: [
    { kind: 'heading', level: 1, text: 'Sḵwx̱wú7mesh Úxwumixw' },
    { kind: 'paragraph', runs: [{ text: 'Plain, ' }, { text: 'bold, ', bold: true }, { text: 'italic, ', italic: true }, { text: 'both — ʔaq̓am, Nisg̱a’a, Tŝilhqot’in.', bold: true, italic: true }] },
    { kind: 'heading', level: 2, text: 'Lists and tables' },
    { kind: 'list', ordered: true, items: [[{ text: 'First' }], [{ text: 'Second' }]] },
    { kind: 'list', ordered: false, items: [[{ text: 'A point' }]] },
    { kind: 'keyValue', pairs: [{ key: 'Partner', value: [{ text: 'Stó:lō Xwexwilmexw' }] }, { key: 'Go-live', value: [{ text: 'December 20, 2026' }] }] },
    { kind: 'checklist', items: [{ checked: true, text: [{ text: 'Done' }] }, { checked: false, text: [{ text: 'Not done' }] }] },
    {
      kind: 'table',
      header: ['Reference', 'Partner', 'Status'],
      rows: Array.from({ length: 12 }, (_, i) => [[{ text: `ROW-${i + 1}` }], [{ text: i % 2 ? 'Łutselk’e' : 'Ktunaxa ʔamakʔis' }], [{ text: 'In progress' }]]),
    },
    { kind: 'heading', level: 3, text: 'Approvals' },
    { kind: 'signatures', blocks: [{ role: 'MoH Health Registries manager', name: null, decision: null, date: null }] },
  ],
};

/**
 * Starts the DOCX worker (docx/docxWorker.ts) and renders the approval package of the dossier
 * changed last as the package would — the PDF here as its preview would, the DOCX in the worker —
 * and throws it away: that also reads the questionnaire catalogue, compiles the template and its partials and
 * runs the data's queries once. Without any dossier, a sample document warms the renderer and the
 * fonts. Never fails: a real document will say what is wrong.
 */
export async function warmUpDocuments(ctx: DocumentContext): Promise<void> {
  try {
    const withWorker = startDocxWorker();
    const latest = ctx.store.db.prepare('SELECT id FROM dossiers WHERE deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1').get() as { id: string } | undefined;
    const fontsDir = ctx.fontsDir ? { fontsDir: ctx.fontsDir } : {};
    if (latest) await generateFormats(ctx, { id: latest.id, kind: 'approval-package' }, withWorker ? ['pdf', 'docx'] : ['pdf']);
    else await Promise.all([renderPdf(SAMPLE, fontsDir), ...(withWorker ? [renderDocxConcurrently(SAMPLE, fontsDir)] : [])]);
  } catch {
    // Nothing to do: the warm-up only saves time.
  }
}
