/**
 * A link past what repeats (toolbars, filters, section lists) to where the work is: out of sight
 * until it has the keyboard focus, then shown where it sits.
 */
import type { ReactNode } from 'react';
import './skip-link.css';

/** `page`: the screen's own link, shown over the header's top left corner. */
export function SkipLink({ children, onSkip, page = false }: { children: ReactNode; onSkip(): void; page?: boolean }) {
  return (
    <button type="button" className={`skip-link${page ? ' skip-link--page' : ''}`} onClick={onSkip}>
      {children}
    </button>
  );
}

/**
 * Focuses the main content of the screen shown: the part a screen marks with `data-main-content`
 * (a dossier's open tab), or else the whole `<main>`.
 */
export function focusMainContent(main: HTMLElement | null): void {
  if (!main) return;
  const content = [...main.querySelectorAll<HTMLElement>('[data-main-content]')].find((el) => !el.closest('[hidden]'));
  const target = content ?? main;
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
}
