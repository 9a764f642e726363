import type { ReactNode } from 'react';
import type { StatusTone } from './statusTones';

export { STATUS_TONES, type StatusTone } from './statusTones';

interface StatusBadgeProps {
  tone: StatusTone;
  children: ReactNode;
  /** A number beside a title: round, no border. */
  count?: boolean;
  /** A hook for a screen's tests or layout ("phase-badge"); the look comes from the tone. */
  className?: string;
  title?: string;
  /** Hooks for a screen's tests (data-bucket="overdue"). */
  [data: `data-${string}`]: string | undefined;
}

/** A status in words on a tint, so colour is never the only signal. */
export function StatusBadge({ tone, children, count = false, className, title, ...data }: StatusBadgeProps) {
  const classes = ['status-badge', `status-badge--${tone}`, count ? 'status-badge--count' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <span className={classes} title={title} {...data}>
      {children}
    </span>
  );
}
