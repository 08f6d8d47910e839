/** The reply of `POST /api/requests/:id/reminders-off` (architecture §13). */
export interface RemindersOffResult {
  reference: string;
  /** True when this contact had already stopped reminders on this request: nothing new was recorded. */
  repeated: boolean;
  message: string;
}
