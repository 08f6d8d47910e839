/**
 * What `POST /api/quotes/:id/po-document` answers (architecture §7.1): the stored PO PDF, the id the
 * release names it by, and what was read from it, which the release page compares with what the
 * approver types.
 */
import type { PoReading } from '../po-document.js';

export interface AttachedPoDocument {
  /** The id the release names it by. */
  id: string;
  name: string;
  sha256: string;
  bytes: number;
  pageCount: number;
  reading: PoReading;
}
