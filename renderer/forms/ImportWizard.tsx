/**
 * Importing a filled partner form: drop it on the window (or pick it), see it recognized and every
 * field checked and compared with the dossier, choose per field, apply, and read what was applied.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { useLeaveGuard } from '../app/useLeaveGuard';
import { formatBytes, readFileBase64 } from '../ui/files';
import { Progress } from '../ui/Progress';
import { InlineError } from '../ui/StatusMessages';
import { Refusal, useTask } from '../ui/useTask';
import { useWindowDrop } from '../ui/useWindowDrop';
import { ApplyResult } from './ApplyResult';
import { defaultChoices } from './choices';
import { DossierPicker } from './DossierPicker';
import { formsApi, type ApplyOutcome, type FieldChoice, type FormFile, type Inspection } from './formsApi';
import { InspectionReview } from './InspectionReview';

/** The engine refuses forms over 10 MB; saying so here spares reading and sending the file. */
const MAX_FORM_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.docx,.json,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/json';

type Stage =
  | { step: 'choose' }
  | { step: 'review'; file: FormFile; inspection: Inspection; choices: Record<string, FieldChoice> }
  | { step: 'applied'; fileName: string; outcome: ApplyOutcome };

type Work = 'inspect' | 'apply';

interface ImportWizardProps {
  /** The dossier the form is compared with and applied to; without it, the lead may pick one. */
  dossier?: { id: string; reference: string };
  /** Whether this wizard is on screen (it takes files dropped on the window only then). */
  active: boolean;
  /** A result to show at once (a dossier just created by an import on another screen). */
  initialOutcome?: { fileName: string; outcome: ApplyOutcome } | undefined;
  onApplied(outcome: ApplyOutcome, fileName: string): void;
  /** Offered after an import that did not create the dossier shown here. */
  onOpenDossier?: (id: string) => void;
}

export function ImportWizard({ dossier, active, initialOutcome, onApplied, onOpenDossier }: ImportWizardProps) {
  const [stage, setStage] = useState<Stage>(initialOutcome ? { step: 'applied', ...initialOutcome } : { step: 'choose' });
  const [subject, setSubject] = useState<string | null>(null);
  const [picked, setPicked] = useState('');
  const task = useTask<Work>();
  const fileInput = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const lastFile = useRef<FormFile | null>(null);
  const dossierRef = dossier?.id ?? (picked.trim() || undefined);

  const inspect = useCallback(
    (name: string, read: () => Promise<FormFile>) => {
      setSubject(name);
      setStage({ step: 'choose' });
      void task.run('inspect', async () => {
        const file = await read();
        lastFile.current = file;
        const inspection = await formsApi.inspect(file, dossierRef);
        setStage({ step: 'review', file, inspection, choices: defaultChoices(inspection) });
      });
    },
    [task.run, dossierRef],
  );

  const takeFile = useCallback(
    (file: File) => {
      if (task.running) return;
      inspect(file.name, async () => {
        if (file.size > MAX_FORM_BYTES) throw new Refusal(`${file.name} is ${formatBytes(file.size)}: a form can be at most 10 MB.`);
        if (file.size === 0) throw new Refusal(`${file.name} is empty.`);
        return { name: file.name, size: file.size, content_base64: await readFileBase64(file) };
      });
    },
    [inspect, task.running],
  );

  const retry = () => {
    const file = lastFile.current;
    if (file) inspect(file.name, async () => file);
  };

  const dragging = useWindowDrop(active && task.running === null, takeFile);

  const apply = () => {
    if (stage.step !== 'review') return;
    const { file, choices } = stage;
    void task.run('apply', async () => {
      const outcome = await formsApi.apply(file, choices, dossierRef ?? stage.inspection.dossier?.id);
      setStage({ step: 'applied', fileName: file.name, outcome });
    });
  };

  const startOver = () => {
    task.clearError();
    lastFile.current = null;
    setStage({ step: 'choose' });
  };

  // Choices made by hand are work: leaving the screen before applying asks first.
  const chosenByHand =
    stage.step === 'review' && Object.entries(defaultChoices(stage.inspection)).some(([key, choice]) => stage.choices[key] !== choice);
  useLeaveGuard(chosenByHand && stage.step === 'review' ? `Leave without applying ${stage.file.name}? The values you chose for its fields will be lost.` : null);

  // Told after the render that drops the leave guard, so that the parent may navigate away at once.
  const told = useRef<ApplyOutcome | null>(initialOutcome?.outcome ?? null);
  useEffect(() => {
    if (stage.step !== 'applied' || told.current === stage.outcome) return;
    told.current = stage.outcome;
    onApplied(stage.outcome, stage.fileName);
  }, [stage, onApplied]);

  // The heading of each new step takes the focus, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (stage.step !== 'choose' || initialOutcome) headingRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stage.step]);

  return (
    <section className="import-wizard" aria-labelledby="import-wizard-title">
      <h2 id="import-wizard-title" className="forms-section__title">
        Import a filled form
      </h2>
      <Steps current={stage.step} />

      {stage.step === 'choose' && (
        <>
          {!dossier && <DossierPicker value={picked} onChange={setPicked} disabled={task.running !== null} />}
          <div className={`drop-zone${dragging ? ' drop-zone--dragging' : ''}`} data-testid="form-drop-zone">
            <span className="drop-zone__icon" aria-hidden="true" />
            <p className="drop-zone__text">
              <strong>Drop a filled form on this window</strong> — the PDF or DOCX the workbench handed out, or its JSON. Nothing is written until you apply.
            </p>
            <Button size="small" variant="secondary" isDisabled={task.running !== null} onPress={() => fileInput.current?.click()}>
              Choose a file…
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept={ACCEPT}
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              data-testid="form-file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) takeFile(file);
              }}
            />
          </div>
          {task.running === 'inspect' && <Progress label={`Reading and checking ${subject ?? 'the file'}…`} />}
          {!task.running && task.error && (
            <div className="import-wizard__error" data-testid="form-import-error">
              <InlineError title={`${subject ?? 'The file'} cannot be imported`} onRetry={!dossier && lastFile.current ? retry : undefined}>
                {task.error}
                {!dossier && lastFile.current && <p className="import-wizard__hint">Choose the dossier above and try again, or drop another file.</p>}
              </InlineError>
            </div>
          )}
        </>
      )}

      {stage.step === 'review' && (
        <InspectionReview
          headingRef={headingRef}
          inspection={stage.inspection}
          choices={stage.choices}
          onChoicesChange={(choices) => setStage({ ...stage, choices })}
          applying={task.running === 'apply'}
          busy={task.running !== null}
          error={task.error}
          onApply={apply}
          onCancel={startOver}
        />
      )}

      {stage.step === 'applied' && (
        <ApplyResult
          headingRef={headingRef}
          fileName={stage.fileName}
          outcome={stage.outcome}
          onAnother={startOver}
          onOpenDossier={onOpenDossier && stage.outcome.dossier.id !== dossier?.id ? () => onOpenDossier(stage.outcome.dossier.id) : undefined}
        />
      )}

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay__message">{stage.step === 'review' ? 'Drop to field-check this file instead' : 'Drop the filled form to field-check it'}</div>
        </div>
      )}
    </section>
  );
}

const STEPS: { step: Stage['step']; label: string }[] = [
  { step: 'choose', label: 'Choose the file' },
  { step: 'review', label: 'Review and choose' },
  { step: 'applied', label: 'Applied' },
];

function Steps({ current }: { current: Stage['step'] }) {
  const index = STEPS.findIndex((s) => s.step === current);
  return (
    <ol className="wizard-steps" aria-label="Import steps">
      {STEPS.map((s, i) => (
        <li key={s.step} className={`wizard-steps__step${i === index ? ' wizard-steps__step--current' : i < index ? ' wizard-steps__step--done' : ''}`} aria-current={i === index ? 'step' : undefined}>
          <span className="wizard-steps__number" aria-hidden="true">
            {i < index ? '✓' : i + 1}
          </span>
          {s.label}
          {i < index && <span className="visually-hidden"> (done)</span>}
        </li>
      ))}
    </ol>
  );
}
