/**
 * The Gap analysis tab of a dossier: the Volume 2 questionnaire answered one question at a time
 * or in a table, with section progress, filters, autosave and keyboard answering; and the results,
 * the compliance chart, the risk heat map and the gap register.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Select } from '@bcgov/design-system-react-components';
import type { QuestionnaireView } from '../../shared/api/questionnaireTypes';
import { RESPONSES } from '../../shared/questionnaire/template';
import type { GapView } from '../app/navigation';
import { errorMessage } from '../api/errors';
import { plural } from '../format/numbers';
import { Alert } from '../ui/Alert';
import { SkipLink } from '../ui/SkipLink';
import { Card, CardSubtitle, EmptyState, InlineError, Loading } from '../ui/index';
import { ComplianceChart } from './ComplianceChart';
import { GapRegister } from './GapRegister';
import {
  NO_FILTER,
  RISK_LABELS,
  STATUS_FILTERS,
  firstOpenQuestion,
  isFiltered,
  isOpenQuestion,
  questionNumber,
  matchesFilter,
  questionItems,
  stepFrom,
  type Filter,
  type QuestionItem,
  type RiskFilter,
} from './model';
import { QuestionTable } from './QuestionTable';
import { QuestionView } from './QuestionView';
import { RetiredAnswers } from './RetiredAnswers';
import { RiskHeatMap, type Cell } from './RiskHeatMap';
import { SectionNav } from './SectionNav';
import { HandOff } from './HandOff';
import type { QuestionnaireStore, UpgradeResult } from './useQuestionnaire';
import '../ui/save-indicator.css';
import './gaps.css';
import { scrollBehavior } from '../appearance/index';

const VIEWS: { id: GapView; label: string }[] = [
  { id: 'question', label: 'One at a time' },
  { id: 'table', label: 'Table' },
  { id: 'results', label: 'Results & gap register' },
];

interface GapAnalysisTabProps {
  store: QuestionnaireStore;
  active: boolean;
  /** A view asked for from elsewhere (the dashboard, a gate reason); `nonce` repeats the request. */
  request: { view: GapView; nonce: number; gapId?: string } | null;
}

export function GapAnalysisTab({ store, active, request }: GapAnalysisTabProps) {
  if (!store.view) {
    return store.loadError ? (
      <InlineError title="The gap analysis could not be loaded" onRetry={store.reload}>
        {store.loadError}
      </InlineError>
    ) : (
      <Loading label="Loading the gap analysis…" />
    );
  }
  return <GapAnalysis view={store.view} store={store} active={active} request={request} />;
}

function GapAnalysis({ view, store, active, request }: GapAnalysisTabProps & { view: QuestionnaireView }) {
  const items = useMemo(() => questionItems(view), [view]);
  const [mode, setMode] = useState<GapView>(request?.view ?? 'question');
  const [visitedResults, setVisitedResults] = useState(mode === 'results');
  // Pinned on opening: where to start must not move while the questions get answered.
  const [currentId, setCurrentId] = useState<string | null>(() => firstOpenQuestion(items)?.question.id ?? null);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [cell, setCell] = useState<Cell | null>(null);
  const [editRequest, setEditRequest] = useState<{ gapId: string; nonce: number } | null>(null);
  const [upgraded, setUpgraded] = useState<UpgradeResult | null>(null);
  const [upgradeError, setUpgradeError] = useState<string | null>(null);
  const [upgrading, setUpgrading] = useState(false);
  const cardRef = useRef<HTMLElement | null>(null);
  const focusCard = useRef(false);
  // Asking again for the question already shown still moves the focus to it (a skip link, a gap's question).
  const [focusRequest, setFocusRequest] = useState(0);

  const current: QuestionItem | undefined = items.find((i) => i.question.id === currentId) ?? firstOpenQuestion(items);
  const filtered = isFiltered(filter);
  const previous = current ? stepFrom(items, current.question.id, -1, filter) : null;
  const next = current ? stepFrom(items, current.question.id, 1, filter) : null;

  const switchMode = useCallback((next: GapView) => {
    setMode(next);
    if (next === 'results') setVisitedResults(true);
  }, []);

  useEffect(() => {
    if (request) switchMode(request.view);
    // A gap asked for by id (from "My work") opens in the register for editing.
    if (request?.gapId) setEditRequest({ gapId: request.gapId, nonce: request.nonce });
  }, [request, switchMode]);

  const goTo = useCallback(
    (questionId: string, options: { focus?: boolean } = {}) => {
      setCurrentId(questionId);
      switchMode('question');
      if (options.focus ?? true) {
        focusCard.current = true;
        setFocusRequest((n) => n + 1);
      }
    },
    [switchMode],
  );

  // After moving to another question the keyboard focus follows it, so screen readers read it.
  useEffect(() => {
    if (!focusCard.current || mode !== 'question') return;
    focusCard.current = false;
    const card = cardRef.current;
    if (!card) return;
    card.focus({ preventScroll: true });
    // Scrolled down past the start of the question: bring its top (and the bar above it) back.
    const view = card.closest('.question-view');
    const scroller = card.closest('.app-main');
    if (view && scroller && view.getBoundingClientRect().top < scroller.getBoundingClientRect().top) view.scrollIntoView({ block: 'start' });
  }, [current?.question.id, mode, focusRequest]);

  const step = useCallback(
    (direction: 1 | -1, options: { focusQuestion: boolean } = { focusQuestion: false }) => {
      const target = direction === 1 ? next : previous;
      if (!current || !target) return;
      store.flushComment(current.question.id, 'comment');
      store.flushComment(current.question.id, 'reviewer_comment');
      // A control of the old question (a radio button) would otherwise hold the focus for the new one.
      const inCard = cardRef.current?.contains(document.activeElement) || document.activeElement === document.body;
      setCurrentId(target.question.id);
      if (options.focusQuestion || inCard) focusCard.current = true;
    },
    [current, next, previous, store],
  );

  // Keyboard answering in the one-at-a-time view (see ShortcutLegend).
  useEffect(() => {
    if (!active || mode !== 'question' || !current) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target && isTextEntry(target)) return;
      if (target?.closest('[role="dialog"], [role="listbox"], .gap-editor')) return;
      const digit = /^(?:Digit|Numpad)([0-4])$/.exec(event.code)?.[1];
      if (digit !== undefined) {
        if (!current.answer.applicable) return;
        event.preventDefault();
        const value = digit === '0' ? null : RESPONSES[Number(digit) - 1]!;
        if (event.shiftKey) store.setAssessment(current.question.id, value);
        else store.setResponse(current.question.id, value);
        return;
      }
      if (event.shiftKey) return;
      const inOwnArrows = target?.closest('[role="radiogroup"], [role="tablist"], [role="slider"]');
      const key = event.key.toLowerCase();
      if (key === 'j' || (key === 'arrowright' && !inOwnArrows)) {
        event.preventDefault();
        step(1, { focusQuestion: true });
      } else if (key === 'k' || (key === 'arrowleft' && !inOwnArrows)) {
        event.preventDefault();
        step(-1, { focusQuestion: true });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [active, mode, current, store, step]);

  const matches = useMemo(() => {
    if (!filtered) return null;
    const counts = new Map<string, number>();
    for (const item of items) if (matchesFilter(item, filter)) counts.set(item.section.id, (counts.get(item.section.id) ?? 0) + 1);
    return counts;
  }, [filtered, items, filter]);
  const matchCount = matches ? [...matches.values()].reduce((a, b) => a + b, 0) : items.length;

  const selectSection = (sectionId: string) => {
    if (mode === 'table') {
      document.getElementById(`table-section-${sectionId}`)?.scrollIntoView({ behavior: scrollBehavior(), block: 'start' });
      return;
    }
    const inSection = items.filter((i) => i.section.id === sectionId);
    const target = inSection.find((i) => i.answer.applicable && matchesFilter(i, filter)) ?? inSection.find((i) => i.answer.applicable) ?? inSection[0];
    if (target) goTo(target.question.id);
  };

  const openGap = (gapId: string) => {
    setCell(null);
    switchMode('results');
    setEditRequest({ gapId, nonce: Date.now() });
  };

  const upgrade = async () => {
    setUpgrading(true);
    setUpgradeError(null);
    try {
      setUpgraded(await store.upgrade());
    } catch (error) {
      setUpgradeError(errorMessage(error));
    } finally {
      setUpgrading(false);
    }
  };

  const outsideFilter =
    filtered && current && !matchesFilter(current, filter)
      ? `This question no longer matches the filter. ${next ? 'Next moves to the next one that does.' : 'No later question matches it.'}`
      : null;
  const tableRows = filtered ? items.filter((i) => matchesFilter(i, filter)) : items;
  const version = view.instance?.template_version ?? view.template.version;
  const started = view.instance !== null || view.answers.some((a) => a.response || a.assessment || a.comment || a.reviewer_comment || a.evidence.length > 0);

  const firstOpen = firstOpenQuestion(items);

  return (
    <div className="gap-analysis">
      {firstOpen && (
        <SkipLink onSkip={() => goTo(firstOpen.question.id)}>
          {isOpenQuestion(firstOpen)
            ? `Skip to question ${questionNumber(firstOpen)}, the first still to answer or assess`
            : `Skip to question ${questionNumber(firstOpen)}, the first question`}
        </SkipLink>
      )}
      <header className="gap-analysis__header">
        <div>
          <h2 className="gap-analysis__title">{view.template.title}</h2>
          <p className="gap-analysis__subtitle">
            Version {version}
            {started ? '' : ' · not started: the first answer starts it'} · {plural(items.length, 'question')} in {plural(view.template.sections.length, 'section')}
          </p>
        </div>
        <SaveIndicator store={store} />
      </header>
      <HandOff dossierId={view.dossier_id} providedOn={view.provided_on} onRecorded={store.reload} />

      {view.instance && view.instance.template_version < view.latest_version && !upgraded && (
        <Alert
          variant="warning"
          title={`Version ${view.latest_version} of the questionnaire is available`}
          actions={
            <Button size="small" variant="primary" isDisabled={upgrading} onPress={() => void upgrade()}>
              {upgrading ? 'Upgrading…' : `Upgrade to version ${view.latest_version}`}
            </Button>
          }
        >
          This gap analysis answers version {view.instance.template_version}. Upgrading keeps the answers to unchanged questions, clears those to changed
          questions for a new answer, adds the new questions, and keeps answers to removed questions under “Answers to questions no longer asked”.
          {upgradeError && <p className="gap-analysis__error">Not upgraded: {upgradeError}</p>}
        </Alert>
      )}
      {upgraded && (
        <Alert variant="success" role="status" title={`Moved from version ${upgraded.from} to version ${upgraded.to}`} onClose={() => setUpgraded(null)}>
          {plural(upgraded.kept.length, 'question')} unchanged, their answers kept; {plural(upgraded.reset.length, 'changed question')} to answer again
          {upgraded.reset.length > 0 && ` (${upgraded.reset.join(', ')})`}; {plural(upgraded.added.length, 'new question')}; {plural(upgraded.removed.length, 'question')}{' '}
          no longer asked.
        </Alert>
      )}

      <div className="gap-toolbar">
        <div className="segmented" role="group" aria-label="View">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              className={`segmented__option${mode === v.id ? ' segmented__option--selected' : ''}`}
              aria-pressed={mode === v.id}
              onClick={() => switchMode(v.id)}
            >
              {v.label}
            </button>
          ))}
        </div>
        {mode !== 'results' && <Filters filter={filter} items={items} onChange={setFilter} matchCount={matchCount} />}
      </div>

      {mode !== 'results' && (
        <div className="gap-layout">
          <SectionNav rollup={view.rollup} currentSectionId={mode === 'question' ? (current?.section.id ?? null) : null} matches={matches} questionCount={items.length} onSelect={selectSection} />
          <div className="gap-layout__main">
            {mode === 'question' && current && (
              <QuestionView
                item={current}
                items={items}
                store={store}
                cardRef={cardRef}
                hasPrevious={previous !== null}
                hasNext={next !== null}
                outsideFilter={outsideFilter}
                onStep={step}
                onGo={(id) => goTo(id)}
                onOpenGap={openGap}
              />
            )}
            {mode === 'table' &&
              (tableRows.length === 0 ? (
                <EmptyState title="No question matches the filter">
                  <button type="button" className="link-button" onClick={() => setFilter(NO_FILTER)}>
                    Show every question
                  </button>
                </EmptyState>
              ) : (
                <div className="card card--flush">
                  <QuestionTable items={items} shown={tableRows} store={store} onOpen={(id) => goTo(id)} />
                </div>
              ))}
          </div>
        </div>
      )}

      {visitedResults && (
        <div className="gap-results" hidden={mode !== 'results'}>
          <div className="gap-results__charts">
            <Card level={3} title="Compliance by section" headingId="compliance-chart-title">
              <ComplianceChart rollup={view.rollup} onSelectSection={selectSection} />
            </Card>
            <Card level={3} title="Risk heat map" aside={<CardSubtitle>open gaps</CardSubtitle>} headingId="heat-map-title">
              <RiskHeatMap
                matrix={view.template.riskMatrix}
                gaps={view.gaps}
                byRisk={view.rollup.open_gaps_by_risk}
                byStatus={view.rollup.gaps_by_status}
                selected={cell}
                onSelect={setCell}
              />
            </Card>
          </div>
          <Card level={3} flush title="Gap register" aside={<GapCounts view={view} />} headingId="gap-register-title">
            <GapRegister
              gaps={view.gaps}
              template={view.template}
              store={store}
              cell={cell}
              onClearCell={() => setCell(null)}
              editRequest={editRequest}
              onOpenQuestion={(id) => goTo(id)}
            />
          </Card>
        </div>
      )}

      <RetiredAnswers retired={view.retired} />
    </div>
  );
}

function isTextEntry(element: HTMLElement): boolean {
  if (element.isContentEditable || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (element instanceof HTMLInputElement) return !['radio', 'checkbox', 'button', 'submit', 'reset', 'file'].includes(element.type);
  return false;
}

function GapCounts({ view }: { view: QuestionnaireView }) {
  const { rollup } = view;
  const open = rollup.gaps_by_status.open + rollup.gaps_by_status.in_progress;
  return (
    <CardSubtitle>
      {plural(open, 'open gap')} of {view.gaps.length}
      {rollup.overdue_remediations > 0 && <span className="overdue-text"> · {rollup.overdue_remediations} overdue</span>}
      {rollup.blocking_gaps.length > 0 && <span className="overdue-text"> · {plural(rollup.blocking_gaps.length, 'gap')} blocking the phase gate</span>}
    </CardSubtitle>
  );
}

function Filters({ filter, items, onChange, matchCount }: { filter: Filter; items: readonly QuestionItem[]; onChange(filter: Filter): void; matchCount: number }) {
  const countOf = (status: Filter['status']) => items.filter((i) => matchesFilter(i, { status, risk: 'any' })).length;
  return (
    <div className="gap-filters" role="group" aria-label="Filter questions">
      <span className="gap-filters__label" aria-hidden="true">
        Show
      </span>
      {STATUS_FILTERS.map((f) => (
        <button
          key={f.id}
          type="button"
          className={`filter-chip${filter.status === f.id ? ' filter-chip--selected' : ''}`}
          aria-pressed={filter.status === f.id}
          title={f.title}
          onClick={() => onChange({ ...filter, status: f.id })}
        >
          {f.label}
          {f.id !== 'all' && <span className="filter-chip__count">{countOf(f.id)}</span>}
        </button>
      ))}
      <div className="gap-filters__risk">
        <Select
          size="small"
          aria-label="Risk level of the gap"
          items={[
            { id: 'any', label: 'Any risk' },
            ...(['critical', 'high', 'medium', 'low'] as const).map((r) => ({ id: r, label: `${RISK_LABELS[r]} gaps` })),
            { id: 'unrated', label: 'Unrated gaps' },
          ]}
          selectedKey={filter.risk}
          onSelectionChange={(key) => key !== null && onChange({ ...filter, risk: key as RiskFilter })}
        />
      </div>
      {isFiltered(filter) && (
        <span className="gap-filters__result" role="status">
          {plural(matchCount, 'question')} match
          <button type="button" className="link-button" onClick={() => onChange(NO_FILTER)}>
            Clear
          </button>
        </span>
      )}
    </div>
  );
}

function SaveIndicator({ store }: { store: QuestionnaireStore }) {
  const { save } = store;
  const failure = save.failures.at(-1);
  return (
    <div className={`save-indicator save-indicator--${save.state}`}>
      <span role="status" aria-live="polite" className="save-indicator__text" data-testid="save-indicator">
        {save.state === 'saving' ? (
          <>
            <span className="inline-spinner" aria-hidden="true" /> Saving…
          </>
        ) : save.state === 'failed' ? (
          <>Not saved: {failure}</>
        ) : save.state === 'saved' ? (
          <>
            <span className="save-indicator__tick" aria-hidden="true">
              ✓
            </span>{' '}
            Saved
          </>
        ) : (
          'Answers save as you go'
        )}
      </span>
      {save.state === 'failed' && (
        <Button size="xsmall" variant="secondary" onPress={store.retryFailed}>
          {store.unsavedCount > 0 ? 'Try again' : 'Dismiss'}
        </Button>
      )}
    </div>
  );
}
