/** One kind of document: preview it in the page, or save it as PDF or DOCX. */
import { useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { documentsApi, type DocumentFormat } from './documentsApi';
import { byteSize, formatBytes, saveFile } from '../ui/files';
import type { KindInfo } from './kinds';
import { Progress } from '../ui/Progress';
import { useTask } from '../ui/useTask';
import { Card } from '../ui';

type Action = 'preview' | DocumentFormat;

const PROGRESS: Record<Action, string> = {
  preview: 'Generating the preview…',
  pdf: 'Generating the PDF…',
  docx: 'Generating the DOCX…',
};

interface DocumentCardProps {
  dossierId: string;
  info: KindInfo;
  previewing: boolean;
  onPreview(): Promise<void>;
}

export function DocumentCard({ dossierId, info, previewing, onPreview }: DocumentCardProps) {
  const task = useTask<Action>();
  const [saved, setSaved] = useState<string | null>(null);

  const save = (format: DocumentFormat) =>
    task.run(format, async () => {
      setSaved(null);
      const file = await documentsApi.generate(dossierId, info.kind, format);
      saveFile(file);
      setSaved(`${file.file_name} (${formatBytes(byteSize(file.content_base64))})`);
    });

  const titleId = `document-${info.kind}-title`;
  return (
    <Card
      as="article"
      level={3}
      headingId={titleId}
      className={`document-card${previewing ? ' document-card--previewing' : ''}`}
      data-kind={info.kind}
      title={
        <>
          <span className="document-card__icon" aria-hidden="true" />
          {info.title}
        </>
      }
    >
      <p className="document-card__description">{info.description}</p>
      <div className="document-card__actions">
        <Button size="small" variant="primary" isDisabled={task.running !== null} onPress={() => void task.run('preview', onPreview)} aria-describedby={titleId}>
          Preview
        </Button>
        <Button size="small" variant="secondary" isDisabled={task.running !== null} onPress={() => void save('pdf')} aria-describedby={titleId}>
          Save as PDF
        </Button>
        <Button size="small" variant="secondary" isDisabled={task.running !== null} onPress={() => void save('docx')} aria-describedby={titleId}>
          Save as DOCX
        </Button>
      </div>
      <div className="document-card__status">
        {task.running && <Progress label={PROGRESS[task.running]} />}
        {!task.running && task.error && (
          <p className="document-card__error" role="alert">
            {task.error}
          </p>
        )}
        {!task.running && !task.error && saved && (
          <p className="document-card__saved" role="status">
            <span aria-hidden="true">✓</span> Saved {saved}
          </p>
        )}
      </div>
    </Card>
  );
}
