/**
 * The functions' reply shapes, each declared once: the server's return types and the islands' reads
 * both name these, so a change on either side does not compile until the other follows.
 */
export type {
  CurrencyAmount,
  DashboardFigures,
  DashboardRequest,
  DashboardRevision,
  OverdueReason,
  WaitingActor,
} from './dashboard.js';
export type { FileView, UploadedFileView } from './file-view.js';
export type {
  EstimateProposal,
  Inbox,
  InboxItem,
  ResendLinksResult,
  SendEstimateResult,
  ShopRequestView,
} from './inbox.js';
export type { CreateRequestResult, ReorderOfView, ReorderResult } from './intake.js';
export type { LotView, ProductionEventResult, ProductionView, ShipmentView } from './production.js';
export type { QuoteLine, QuoteRevisionView, QuoteTerms } from './quote-view.js';
export type { AttachedPoDocument } from './po-document.js';
export type { ReleaseResult } from './release-result.js';
export type { RemindersOffResult } from './reminders-off.js';
export type { ContactView, EventView, RequestView, TrackView, ViewerRole } from './request-view.js';
export type { CoveredFileView, SignOffView } from './sign-off.js';
export type { TechnicalEventResult } from './technical-event-result.js';
