/**
 * A signed copy of the approval package: the document model the approvers signed (carried inside
 * the package), with each approver's signature block filled from their verified signature and a
 * table of the recorded decisions (name, role, decision, comment, date, key fingerprint) after it.
 * Rendered by the same PDF renderer as the package itself.
 */
import { WorkbenchError } from '../../shared/api/errors';
import { DECISION_LABELS } from '../../shared/api/packageOps';
import type { Block, DocumentModel } from '../../shared/documents/model';
import { roleLabel } from '../../shared/workflow/roles';
import type { RenderSignedCopy, VerifiedApproval } from '../packages/index';
import { renderModel, type DocumentContext } from './generate';

const fingerprint = (keyId: string) => keyId.match(/.{1,4}/g)?.join(' ') ?? keyId;

function isModel(value: unknown): value is DocumentModel {
  const m = value as DocumentModel | null;
  return typeof m === 'object' && m !== null && typeof m.meta?.title === 'string' && Array.isArray(m.blocks);
}

/** The model with the approvals filled in; the model given is left as it was. */
export function withApprovals(model: DocumentModel, approvals: readonly VerifiedApproval[]): DocumentModel {
  const unused = [...approvals];
  const recorded: Block[] = [
    { kind: 'heading', level: 2, text: 'Recorded decisions' },
    {
      kind: 'paragraph',
      runs: [
        {
          text: 'Each decision below was checked against this package: the signature is valid for every document in it, and it was made with a key the workbench that produced this copy trusts.',
        },
      ],
    },
    {
      kind: 'table',
      header: ['Approver', 'Role', 'Decision', 'Comment', 'Signed', 'Key fingerprint'],
      rows: approvals.map((a) => [
        [{ text: a.name, bold: true }],
        [{ text: roleLabel(a.role) }],
        [{ text: DECISION_LABELS[a.decision] }],
        [{ text: a.comment || '—' }],
        [{ text: a.signedAt.slice(0, 10) }],
        [{ text: fingerprint(a.keyId) }],
      ]),
    },
  ];
  const blocks: Block[] = [];
  let placed = false;
  for (const block of model.blocks) {
    if (block.kind !== 'signatures') {
      blocks.push(block);
      continue;
    }
    const filled = block.blocks.map((b) => {
      const i = unused.findIndex((a) => roleLabel(a.role) === b.role);
      if (i < 0) return b;
      const a = unused.splice(i, 1)[0]!;
      return { role: b.role, name: a.name, decision: DECISION_LABELS[a.decision], date: a.signedAt.slice(0, 10) };
    });
    const extra = unused.splice(0).map((a) => ({ role: roleLabel(a.role), name: a.name, decision: DECISION_LABELS[a.decision], date: a.signedAt.slice(0, 10) }));
    blocks.push({ kind: 'signatures', blocks: [...filled, ...extra] });
    if (!placed) blocks.push(...recorded);
    placed = true;
  }
  if (!placed) blocks.push(...recorded);
  return {
    meta: { ...model.meta, title: `${model.meta.title} (signed copy)`, footer: `${model.meta.footer} · signed copy` },
    blocks,
  };
}

export function signedCopyRenderer(ctx: DocumentContext): RenderSignedCopy {
  return async (model, approvals, reference) => {
    if (!isModel(model)) throw new WorkbenchError('validation', 'The package’s document model is not one the workbench can lay out.');
    const file = await renderModel(ctx, withApprovals(model, approvals), reference, 'approval-package', 'pdf');
    return { bytes: file.bytes, pageCount: file.pageCount };
  };
}
