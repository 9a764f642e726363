/**
 * The Documents tab of a dossier: each document previewed in the page or saved as PDF or DOCX;
 * the approval package exported, signed and verified (also by dropping a .zip on the window);
 * the user's signing key; and the versions of the package made so far.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dossier } from '../../shared/api/types';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { ApprovalPackage } from './ApprovalPackage';
import { DocumentCard } from './DocumentCard';
import { documentsApi, type DocumentKind } from './documentsApi';
import { bytesFromBase64 } from '../ui/files';
import { DOCUMENT_KINDS } from './kinds';
import { KeysPanel } from './KeysPanel';
import { PackageHistory } from './PackageHistory';
import { PdfPreview } from './PdfPreview';
import { useVerification, VerifyPackage } from './VerifyPackage';
import { useWindowDrop } from '../ui/useWindowDrop';
import './documents.css';
import { scrollBehavior } from '../appearance/index';

interface DocumentsTabProps {
  dossier: Dossier;
  active: boolean;
}

interface OpenPreview {
  kind: DocumentKind;
  title: string;
  data: Uint8Array;
}

export function DocumentsTab({ dossier, active }: DocumentsTabProps) {
  const [preview, setPreview] = useState<OpenPreview | null>(null);
  const previewRef = useRef<HTMLDivElement>(null);
  const keys = useApiQuery(() => documentsApi.keyStatus(), []);
  const info = useApiQuery(() => api.call('app.info', {}), []);
  const history = useApiQuery(() => documentsApi.history(dossier.id), [dossier.id]);
  const verification = useVerification();
  const verifyRef = useRef<HTMLDivElement>(null);

  const verifyFile = useCallback(
    (file: File) => {
      verification.verifyFile(file);
      verifyRef.current?.scrollIntoView({ behavior: scrollBehavior(), block: 'start' });
    },
    [verification],
  );
  const dragging = useWindowDrop(active, verifyFile);

  // The card's buttons are disabled while the preview is made, so the focus would be lost: it
  // goes to the preview's title, and back to the card's Preview button when the preview closes.
  const closedKind = useRef<DocumentKind | null>(null);
  useEffect(() => {
    if (preview) {
      previewRef.current?.scrollIntoView({ behavior: scrollBehavior(), block: 'start' });
      previewRef.current?.querySelector<HTMLElement>('[data-preview-title]')?.focus({ preventScroll: true });
      return;
    }
    const kind = closedKind.current;
    closedKind.current = null;
    if (kind) document.querySelector<HTMLElement>(`.document-card[data-kind="${kind}"] .document-card__actions button`)?.focus();
  }, [preview]);

  const closePreview = () => {
    closedKind.current = preview?.kind ?? null;
    setPreview(null);
  };

  const openPreview = async (kind: DocumentKind, title: string) => {
    const { content_base64 } = await documentsApi.preview(dossier.id, kind);
    setPreview({ kind, title, data: bytesFromBase64(content_base64) });
  };

  const canSign = keys.data?.identity != null && keys.data.has_private_key;
  const goToKeys = () => document.getElementById('keys-panel-title')?.scrollIntoView({ behavior: scrollBehavior(), block: 'center' });

  return (
    <div className="documents">
      <header className="documents__header">
        <h2 className="documents__title">Documents</h2>
        <p className="documents__subtitle">Generated from this dossier and the templates in the templates folder, as PDF for reading and DOCX for editing.</p>
      </header>

      <div className="document-cards">
        {DOCUMENT_KINDS.map((k) => (
          <DocumentCard key={k.kind} dossierId={dossier.id} info={k} previewing={preview?.kind === k.kind} onPreview={() => openPreview(k.kind, k.title)} />
        ))}
      </div>

      {preview && (
        <div ref={previewRef} className="documents__preview">
          <PdfPreview key={preview.kind} title={`${preview.title} · ${dossier.reference}`} data={preview.data} onClose={closePreview} />
        </div>
      )}

      <div className="documents__packages">
        <div className="documents__packages-main">
          <ApprovalPackage
            dossierId={dossier.id}
            reference={dossier.reference}
            canSign={canSign}
            onExported={history.reload}
            onVerify={(file) => {
              verification.verifyContent(file);
              verifyRef.current?.scrollIntoView({ behavior: scrollBehavior(), block: 'start' });
            }}
            noKeyHint={
              <p className="sign-form__no-key">
                To sign, first{' '}
                <button type="button" className="link-button" onClick={goToKeys}>
                  create your signing key
                </button>
                .
              </p>
            }
          />
          <div ref={verifyRef}>
            <VerifyPackage verification={verification} dragging={dragging} onImported={history.reload} />
          </div>
        </div>
        <KeysPanel status={keys.data ?? null} loadError={keys.error} defaultName={info.data?.actor ?? ''} onChanged={keys.reload} onRetry={keys.reload} />
      </div>

      <PackageHistory records={history.data} error={history.error} onRetry={history.reload} />

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay__message">Drop the approval package to verify it</div>
        </div>
      )}
    </div>
  );
}
