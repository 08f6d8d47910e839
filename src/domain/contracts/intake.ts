/** What `POST /api/requests` answers: the stored request and where its status page is. */
export interface CreateRequestResult {
  /** False when this draft was submitted before: the existing request, nothing new stored or sent. */
  created: boolean;
  id: string;
  reference: string;
  statusUrl: string;
}
