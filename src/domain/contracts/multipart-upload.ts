/** The replies of the direct-to-storage upload (architecture §15), built by server/files/, read by islands/lib/. */

export interface PartUrl {
  partNumber: number;
  /** PUT the part's bytes here; relative to the site for the local runtime. */
  url: string;
}

export interface LandedPartView {
  partNumber: number;
  etag: string;
  size: number;
}

/** `POST /api/uploads/multipart` (201) and `POST /api/uploads/multipart/:id/parts` (200). */
export interface MultipartUploadView {
  id: string;
  size: number;
  partSize: number;
  partCount: number;
  /** Fresh URLs for the parts that have not landed (or the ones asked for). */
  urls: PartUrl[];
  /** Parts the storage already holds (ListParts): a resume skips them. */
  landed: LandedPartView[];
  /** When `urls` stop working (ISO 8601); ask for fresh ones after that. */
  urlsExpireAt: string;
}
