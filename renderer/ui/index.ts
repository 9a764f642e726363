/** The workbench's UI parts; their look is in kit.css. See README "UI parts". */
export { Alert } from './Alert';
export { PhaseBadge, InvalidPhaseBadge, RagIndicator, ragLabel } from './Badges';
export { Card, CardEmpty, CardSubtitle } from './Card';
export { DataTable, TwoLineCell, type DataColumn, type DataRowGroup } from './DataTable';
export { Dialog, useConfirm } from './Dialog';
export { EmptyState } from './EmptyState';
export { Field, type FieldControlProps } from './Field';
export { ItemList, type Item } from './ItemList';
export { StatusBadge, STATUS_TONES, type StatusTone } from './StatusBadge';
export { Toolbar } from './Toolbar';
export { InlineError, Loading } from './StatusMessages';
