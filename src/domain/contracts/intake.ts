/** What `POST /api/requests` answers: the stored request and where its status page is. */
export interface CreateRequestResult {
  /** False when this draft was submitted before: the existing request, nothing new stored or sent. */
  created: boolean;
  id: string;
  reference: string;
  statusUrl: string;
}

/** What `POST /api/requests/:id/reorder` (and the shop's twin) answers: the new request (architecture §11, "Reorders"). */
export interface ReorderResult {
  created: boolean;
  id: string;
  reference: string;
  /** The new request's status page, for the person whose link ordered again; absent for the shop. */
  statusUrl?: string | undefined;
  /** True when the earlier order's technical sign-off carried over; otherwise `reviewReason` says why not. */
  signOffCarried: boolean;
  reviewReason?: string | undefined;
}

/** The earlier request a reorder repeats, as the status and shop pages name it ("Reorder of PF-…"). */
export interface ReorderOfView {
  requestId: string;
  reference: string;
  /** "Reorder of PF-2026-0007." */
  sentence: string;
  signOffCarried: boolean;
  /** Why the technical contact reviews this order again, when the sign-off did not carry over. */
  reviewReason?: string | undefined;
}
