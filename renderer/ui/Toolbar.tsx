import type { ReactNode } from 'react';

/**
 * A row of controls that wraps in a narrow window: what a screen does at the start, secondary
 * actions at the end. A named group, not an ARIA toolbar: each control keeps its own Tab stop.
 * Without a label it is only a layout, for controls that are named groups themselves.
 */
export function Toolbar({ label, start, end, className }: { label?: string; start?: ReactNode; end?: ReactNode; className?: string }) {
  return (
    <div className={['toolbar', className ?? ''].filter(Boolean).join(' ')} role={label ? 'group' : undefined} aria-label={label}>
      {start && <div className="toolbar__start">{start}</div>}
      {end && <div className="toolbar__end">{end}</div>}
    </div>
  );
}
