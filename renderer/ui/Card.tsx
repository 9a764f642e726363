import { useId, type ReactNode } from 'react';

interface CardProps {
  title: ReactNode;
  /** Beside the title: a count badge, a short qualifier. */
  aside?: ReactNode;
  /** The heading level in the screen's outline. */
  level?: 2 | 3;
  /** Content that runs to the card's edges (tables, item lists) instead of inset. */
  flush?: boolean;
  footer?: ReactNode;
  /** The heading's id, when something else points at it; otherwise one is made. */
  headingId?: string;
  /** The card's own id, for a link or a table of contents that jumps to it. */
  id?: string;
  className?: string;
  /** An article when the card is one of a set of like items (the document kinds); a section otherwise. */
  as?: 'section' | 'article';
  children: ReactNode;
  /** Hooks for a screen's tests or styles (data-bucket="overdue"). */
  [data: `data-${string}`]: string | undefined;
}

/** A titled white panel; the section is named by its heading. */
export function Card({ title, aside, level = 2, flush = false, footer, headingId, id: cardId, className, as: Element = 'section', children, ...data }: CardProps) {
  const madeId = useId();
  const id = headingId ?? madeId;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <Element id={cardId} className={['card', flush ? 'card--flush' : '', className ?? ''].filter(Boolean).join(' ')} aria-labelledby={id} {...data}>
      <Heading id={id} className="card__title">
        {title}
        {aside}
      </Heading>
      {children}
      {footer && <div className="card__footer">{footer}</div>}
    </Element>
  );
}

/** What an empty card says, inset like a card's content. */
export function CardEmpty({ children }: { children: ReactNode }) {
  return <p className="card__empty">{children}</p>;
}

/** The small grey qualifier beside a card's title ("the 50 most overdue"). */
export function CardSubtitle({ children }: { children: ReactNode }) {
  return <span className="card__subtitle">{children}</span>;
}
