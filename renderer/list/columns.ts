import type { SortKey } from '../../shared/api/types';

export interface Column {
  id: string;
  label: string;
  sort?: SortKey;
  /** The direction a first click sorts in. */
  firstDirection?: 'asc' | 'desc';
}

export const COLUMNS: readonly Column[] = [
  { id: 'reference', label: 'Reference', sort: 'reference', firstDirection: 'desc' },
  { id: 'organization', label: 'Organization', sort: 'organization', firstDirection: 'asc' },
  { id: 'application', label: 'Application', sort: 'application', firstDirection: 'asc' },
  { id: 'phase', label: 'Phase', sort: 'phase', firstDirection: 'asc' },
  { id: 'rag', label: 'RAG' },
  { id: 'lead', label: 'Lead (CGI BSL)', sort: 'lead', firstDirection: 'asc' },
  { id: 'activities', label: 'Open activities' },
  { id: 'go_live_date', label: 'Go-live', sort: 'go_live_date', firstDirection: 'asc' },
  { id: 'updated_at', label: 'Updated', sort: 'updated_at', firstDirection: 'desc' },
];
