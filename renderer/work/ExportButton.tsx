import { useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { saveFile } from '../ui/files';
import { useTask } from '../ui/useTask';

interface ExportedFile {
  file_name: string;
  media_type: string;
  content_base64: string;
}

/** A button that asks the engine for a file and hands it to the user, saying what was saved or why not. */
export function ExportButton<F extends ExportedFile>({ label, produce, describe }: { label: string; produce: () => Promise<F>; describe: (file: F) => string }) {
  const task = useTask<'export'>();
  const [done, setDone] = useState<string | null>(null);
  return (
    <span className="export-button">
      <Button
        variant="secondary"
        isDisabled={task.running !== null}
        onPress={() => {
          setDone(null);
          void task.run('export', async () => {
            const file = await produce();
            saveFile(file);
            setDone(describe(file));
          });
        }}
      >
        {task.running ? `${label}…` : label}
      </Button>
      <span role="status" className={task.error ? 'export-button__status error-text' : 'export-button__status muted'}>
        {task.error ?? done ?? ''}
      </span>
    </span>
  );
}
