/**
 * One question at a time: the question, the partner's response and comment, the evidence, and
 * the reviewer's assessment and comment. Keys 1–4 and Shift+1–4 answer (see ShortcutLegend).
 */
import type { RefObject } from 'react';
import { Button, Radio, RadioGroup, TextArea } from '@bcgov/design-system-react-components';
import { GAP_STATUS_LABELS } from '../../shared/questionnaire/rollup';
import { RESPONSE_LABELS, type Response } from '../../shared/questionnaire/template';
import { formatDate } from '../format/dates';
import { EvidenceList } from './EvidenceList';
import { ResponsePill, RiskBadge } from './badges';
import { RESPONSE_KEYS, conditionText, hasOpenGap, questionNumber, type QuestionItem } from './model';
import type { CommentKind, QuestionnaireStore } from './useQuestionnaire';

interface QuestionViewProps {
  item: QuestionItem;
  items: readonly QuestionItem[];
  store: QuestionnaireStore;
  /** The question card, focused when the keyboard moves to another question. */
  cardRef: RefObject<HTMLElement | null>;
  hasPrevious: boolean;
  hasNext: boolean;
  /** Set when the shown question no longer passes the filter (it was just answered). */
  outsideFilter: string | null;
  /** Next/Previous buttons keep the focus; the J/K keys move it to the question. */
  onStep(direction: 1 | -1, options?: { focusQuestion: boolean }): void;
  onGo(questionId: string): void;
  onOpenGap(gapId: string): void;
}

export function QuestionView({ item, items, store, cardRef, hasPrevious, hasNext, outsideFilter, onStep, onGo, onOpenGap }: QuestionViewProps) {
  const { question, section, answer, gap } = item;
  const sectionItems = items.filter((i) => i.section.id === section.id);
  const textId = `question-text-${question.id}`;
  const response = store.choice(answer, 'response');
  const assessment = store.choice(answer, 'assessment');

  const comment = (kind: CommentKind, label: string, description: string) => (
    <div className="question__comment" data-comment={kind}>
      <TextArea
        label={label}
        description={description}
        value={store.commentText(answer, kind)}
        onChange={(text) => store.editComment(question.id, kind, text)}
        onBlur={() => store.flushComment(question.id, kind)}
        onKeyDown={(event) => {
          // Esc leaves the box so the answering keys work again.
          if (event.key === 'Escape') {
            store.flushComment(question.id, kind);
            cardRef.current?.focus({ preventScroll: true });
          }
        }}
        isInvalid={store.commentError(question.id, kind) !== undefined}
        errorMessage={store.commentError(question.id, kind)}
        validationBehavior="aria"
      />
    </div>
  );

  return (
    <div className="question-view">
      <div className="question-view__bar">
        <div className="question-view__where">
          <span className="question-view__section">{section.title}</span>
          <span className="question-view__position">
            Question {item.number} of {sectionItems.length}
          </span>
        </div>
        <ol className="question-strip" aria-label={`Questions in ${section.title}`}>
          {sectionItems.map((i) => {
            const state = !i.answer.applicable
              ? 'na'
              : i.answer.assessment
                ? 'assessed'
                : i.answer.response
                  ? 'answered'
                  : 'open';
            const current = i.question.id === question.id;
            return (
              <li key={i.question.id}>
                <button
                  type="button"
                  tabIndex={-1}
                  className={`question-strip__dot question-strip__dot--${state}${current ? ' question-strip__dot--current' : ''}${hasOpenGap(i) ? ' question-strip__dot--gap' : ''}`}
                  aria-current={current ? 'true' : undefined}
                  title={`${i.number}. ${i.question.text}`}
                  onClick={() => onGo(i.question.id)}
                >
                  {i.number}
                </button>
              </li>
            );
          })}
        </ol>
        <div className="question-view__steps">
          <Button size="small" variant="secondary" isDisabled={!hasPrevious} onPress={() => onStep(-1)} aria-keyshortcuts="K ArrowLeft">
            ← Previous
          </Button>
          <Button size="small" variant="secondary" isDisabled={!hasNext} onPress={() => onStep(1)} aria-keyshortcuts="J ArrowRight">
            Next →
          </Button>
        </div>
      </div>

      {outsideFilter && (
        <p className="question-view__filter-note" role="status">
          {outsideFilter}
        </p>
      )}

      <article
        ref={cardRef}
        tabIndex={-1}
        className={`question-card${answer.applicable ? '' : ' question-card--na'}`}
        aria-labelledby={textId}
        data-question={question.id}
      >
        <p className="question-card__meta">
          <span className="question-card__id" title={`Question id ${question.id}`}>
            Question {questionNumber(item)}
          </span>
          <span className="question-card__reference">{question.reference}</span>
          {question.evidenceExpected && <span className="evidence-marker">Evidence expected</span>}
          {gap && (
            <span className="question-card__gap">
              Gap: <RiskBadge rating={gap.rating} /> {GAP_STATUS_LABELS[gap.status]}
            </span>
          )}
        </p>
        <h3 id={textId} className="question-card__text">
          {question.text}
        </h3>

        {!answer.applicable ? (
          <div className="question-card__na">
            <p className="question-card__na-title">Does not apply to this partner</p>
            <p>{conditionText(question, items)}</p>
            {question.condition && (
              <button type="button" className="link-button" onClick={() => onGo(question.condition!.question)}>
                Go to question {conditionNumber(question.condition.question, items)}
              </button>
            )}
          </div>
        ) : (
          <>
            <details className="question-card__guidance" open>
              <summary>Guidance</summary>
              <p>{question.guidance}</p>
            </details>
            <div className="question-card__columns">
              <section className="answer-panel answer-panel--partner" aria-label="Partner">
                <h4 className="answer-panel__title">Partner</h4>
                <ChoiceGroup
                  label="Partner response"
                  keyHint=""
                  value={response}
                  onChange={(value) => store.setResponse(question.id, value)}
                />
                {comment('comment', 'Partner comment', 'How the partner meets the requirement; saved as you type.')}
              </section>
              <section className="answer-panel answer-panel--reviewer" aria-label="Reviewer">
                <h4 className="answer-panel__title">Reviewer</h4>
                <ChoiceGroup
                  label="Reviewer assessment"
                  keyHint="⇧"
                  value={assessment}
                  onChange={(value) => store.setAssessment(question.id, value)}
                />
                {comment('reviewer_comment', 'Reviewer comment', 'The reviewer’s finding; saved as you type.')}
                {gap ? (
                  <div className={`gap-callout gap-callout--${gap.status}`}>
                    <p>
                      <strong>{hasOpenGap(item) ? 'Gap open' : `Gap ${GAP_STATUS_LABELS[gap.status].toLowerCase()}`}</strong>
                      {gap.rating ? (
                        <>
                          {' '}
                          · rated <RiskBadge rating={gap.rating} />
                        </>
                      ) : (
                        ' · not rated yet'
                      )}
                      {gap.due_date && <> · due {formatDate(gap.due_date)}</>}
                    </p>
                    <button type="button" className="link-button" onClick={() => onOpenGap(gap.id)}>
                      {gap.rating ? 'Open it in the gap register' : 'Rate it in the gap register'}
                    </button>
                  </div>
                ) : (
                  <p className="answer-panel__hint">An assessment of partially or not compliant opens a gap in the register.</p>
                )}
              </section>
            </div>
            <EvidenceList answer={answer} expected={question.evidenceExpected} store={store} />
          </>
        )}
        {(answer.response || answer.assessment) && !answer.applicable && (
          <p className="question-card__stale">
            Recorded before it stopped applying: response <ResponsePill value={answer.response} />, assessment <ResponsePill value={answer.assessment} />
          </p>
        )}
      </article>
      <ShortcutLegend />
    </div>
  );
}

function ChoiceGroup({ label, keyHint, value, onChange }: { label: string; keyHint: string; value: Response | null; onChange(value: Response | null): void }) {
  return (
    <div className="choice-group">
      <RadioGroup
        label={label}
        value={value}
        onChange={(next) => onChange(next as Response)}
        orientation="vertical"
      >
        {RESPONSE_KEYS.map((r, i) => (
          <Radio key={r} value={r}>
            <span className={`choice choice--${r}`}>
              <kbd className="choice__key" aria-hidden="true">
                {keyHint}
                {i + 1}
              </kbd>
              {RESPONSE_LABELS[r]}
            </span>
          </Radio>
        ))}
      </RadioGroup>
      {value !== null && (
        <button type="button" className="link-button choice-group__clear" onClick={() => onChange(null)}>
          Clear {label.toLowerCase()}
        </button>
      )}
    </div>
  );
}

export function ShortcutLegend() {
  return (
    <aside className="shortcut-legend" aria-labelledby="shortcut-legend-title">
      <h4 id="shortcut-legend-title" className="shortcut-legend__title">
        Keyboard
      </h4>
      <dl className="shortcut-legend__list">
        <div>
          <dt>
            <kbd>1</kbd>–<kbd>4</kbd>
          </dt>
          <dd>Partner response: compliant, partially, not compliant, N/A</dd>
        </div>
        <div>
          <dt>
            <kbd>Shift</kbd>+<kbd>1</kbd>–<kbd>4</kbd>
          </dt>
          <dd>Reviewer assessment, same order</dd>
        </div>
        <div>
          <dt>
            <kbd>0</kbd> / <kbd>Shift</kbd>+<kbd>0</kbd>
          </dt>
          <dd>Clear the response / the assessment</dd>
        </div>
        <div>
          <dt>
            <kbd>J</kbd> or <kbd>→</kbd>
          </dt>
          <dd>Next question</dd>
        </div>
        <div>
          <dt>
            <kbd>K</kbd> or <kbd>←</kbd>
          </dt>
          <dd>Previous question</dd>
        </div>
        <div>
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>Leave a comment box (it saves)</dd>
        </div>
      </dl>
      <p className="shortcut-legend__note">The keys work whenever the focus is not in a text box.</p>
    </aside>
  );
}

function conditionNumber(questionId: string, items: readonly QuestionItem[]): string {
  const parent = items.find((i) => i.question.id === questionId);
  return parent ? questionNumber(parent) : questionId;
}
