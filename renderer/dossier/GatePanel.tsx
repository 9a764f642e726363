/**
 * The gate out of the current phase: what still stands in the way (as the engine evaluates it)
 * and the Advance button. A refused advance shows the engine's own reasons.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import type { Dossier } from '../../shared/api/types';
import { findField } from '../../shared/dossier/fields';
import { phaseLabel } from '../../shared/workflow/definition';
import { api } from '../api/bridge';
import { apiErrorOf, errorMessage } from '../api/errors';
import { plural } from '../format/numbers';
import type { GapView } from '../app/navigation';

interface GatePanelProps {
  dossier: Dossier;
  onAdvanced(dossier: Dossier): void;
  onEditField(path: string): void;
  onNotice(message: string): void;
  onOpenGaps(view: GapView): void;
}

interface Refusal {
  message: string;
  reasons: string[];
}

export function GatePanel({ dossier, onAdvanced, onEditField, onNotice, onOpenGaps }: GatePanelProps) {
  const { gate } = dossier;
  const [advancing, setAdvancing] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const title = useRef<HTMLHeadingElement>(null);

  // A refusal describes the dossier as it was; once anything changes, the live checklist takes over.
  useEffect(() => setRefusal(null), [gate]);
  // The button that was pressed stays, but what it did is told above it: the focus goes there.
  useEffect(() => {
    if (refusal) title.current?.focus();
  }, [refusal]);

  if (gate.next === null) {
    return (
      <section className="gate gate--live" aria-labelledby="gate-title">
        <h2 id="gate-title" className="gate__title">
          The partner is live
        </h2>
        <p>All three phases are complete; there is no further phase.</p>
      </section>
    );
  }

  const next = phaseLabel(gate.next);
  const advance = async () => {
    setAdvancing(true);
    setRefusal(null);
    try {
      const moved = await api.call('dossier.advance', { id: dossier.id });
      onAdvanced(moved);
      onNotice(`${moved.reference} moved to ${next}.`);
    } catch (error) {
      setRefusal({ message: errorMessage(error), reasons: apiErrorOf(error)?.details?.reasons ?? [] });
    } finally {
      setAdvancing(false);
    }
  };

  const reasons = refusal ? refusal.reasons : gate.reasons;
  return (
    <section className={`gate ${refusal ? 'gate--refused' : gate.ok ? 'gate--ready' : 'gate--blocked'}`} aria-labelledby="gate-title">
      <div className="gate__body">
        <h2 id="gate-title" className="gate__title" ref={title} tabIndex={-1}>
          {refusal ? `Advance to ${next} refused` : gate.ok ? `Ready to advance to ${next}` : `Before advancing to ${next}`}
        </h2>
        <div role={refusal ? 'alert' : undefined}>
          {refusal ? (
            <p className="gate__message">{refusal.message}</p>
          ) : gate.ok ? (
            <p className="gate__message">Every activity of {phaseLabel(gate.phase)} is finished and the required details are filled in.</p>
          ) : (
            <p className="gate__message">{plural(gate.reasons.length, 'requirement')} of the {phaseLabel(gate.phase)} gate still open:</p>
          )}
          {reasons.length > 0 && (
            <ul className="gate__reasons" id="gate-reasons">
              {reasons.map((reason) => (
                <li key={reason}>
                  <span>{inWords(reason)}</span>
                  <FixLink reason={reason} onEditField={onEditField} onOpenGaps={onOpenGaps} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <div className="gate__action">
        <Button variant="primary" onPress={advance} isDisabled={advancing} aria-describedby={reasons.length ? 'gate-reasons' : undefined}>
          {advancing ? 'Advancing…' : `Advance to ${next}`}
        </Button>
      </div>
    </section>
  );
}

/** A reason as people read it: without the field's path the engine appends for the command line. */
function inWords(reason: string): string {
  const path = /\(([a-z_.]+)\)\.?$/.exec(reason)?.[1];
  return path && findField(path) ? reason.replace(/ \([a-z_.]+\)(\.?)$/, '$1') : reason;
}

/**
 * Reasons about a missing field end in "(path)."; those get a shortcut to the field. Reasons from
 * the gap analysis lead to it: to its questions while it is incomplete, else to the gap register.
 */
function FixLink({ reason, onEditField, onOpenGaps }: { reason: string; onEditField(path: string): void; onOpenGaps(view: GapView): void }) {
  if (/gap analysis is not complete/i.test(reason) || /^Gap on question /.test(reason)) {
    const view: GapView = /^Gap on question /.test(reason) ? 'results' : 'question';
    return (
      <button type="button" className="link-button gate__fix" onClick={() => onOpenGaps(view)}>
        {view === 'results' ? 'Open the gap register' : 'Open the gap analysis'}
      </button>
    );
  }
  const path = /\(([a-z_.]+)\)\.?$/.exec(reason)?.[1];
  const def = path ? findField(path) : undefined;
  if (!def) return null;
  return (
    <button type="button" className="link-button gate__fix" onClick={() => onEditField(def.path)}>
      Fill in <span className="visually-hidden">{def.label} </span>on the Overview
    </button>
  );
}
