import type { ReactNode } from 'react';
import { TwoLineCell } from './DataTable';

export interface Item {
  key: string;
  primary: ReactNode;
  secondary?: ReactNode;
  /** Badges or a date at the row's end. */
  meta?: ReactNode;
  /** Read between the name and the meta by a screen reader (": open gaps "). */
  metaIntro?: string;
  onOpen(): void;
}

/** Rows inside a card that each open something: a name, a grey line, badges at the end. */
export function ItemList({ items, stackedMeta = false, className, itemClassName }: { items: readonly Item[]; stackedMeta?: boolean; className?: string; itemClassName?: string }) {
  return (
    <ul className={['item-list', className ?? ''].filter(Boolean).join(' ')}>
      {items.map((item) => (
        <li key={item.key}>
          <button type="button" className={['item-list__item', itemClassName ?? ''].filter(Boolean).join(' ')} onClick={item.onOpen}>
            <span className="item-list__main">
              <TwoLineCell primary={item.primary} secondary={item.secondary} />
            </span>
            {item.metaIntro && <span className="visually-hidden">{item.metaIntro}</span>}
            {item.meta && <span className={`item-list__meta${stackedMeta ? ' item-list__meta--stacked' : ''}`}>{item.meta}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
