/**
 * Small line icons for icon buttons (move, remove). Decorative: the button carries the name, so
 * each icon is hidden from assistive technology. Drawn in currentColor at 1em.
 */
import type { ReactElement } from 'react';

function Icon({ children }: { children: ReactElement | ReactElement[] }) {
  return (
    <svg className="icon" width="1em" height="1em" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const ArrowUpIcon = () => (
  <Icon>
    <path d="M8 13V3M3.5 7.5 8 3l4.5 4.5" />
  </Icon>
);

export const ArrowDownIcon = () => (
  <Icon>
    <path d="M8 3v10M3.5 8.5 8 13l4.5-4.5" />
  </Icon>
);

export const RemoveIcon = () => (
  <Icon>
    <path d="M2.5 4h11M6.5 4V2.5h3V4M4 4l.7 9.5h6.6L12 4M6.7 6.5v4.5M9.3 6.5v4.5" />
  </Icon>
);
