/**
 * The documents around a release (docs/architecture.md §7.1, §12): the buyer's PO as a PDF, read on
 * arrival and compared with this revision while the approver types the PO number; and the shop's
 * supplier documents (tax form, bank details, insurance, …) a buyer's system needs before it issues
 * a PO, each and all in one zip, fetched with the page's link.
 */
import { useState } from 'react';
import type { QuoteReleaseView } from '../../domain/contracts/quote-view.js';
import { matchPoDocument } from '../../domain/po-document.js';
import type { AttachedPoDocument } from '../../domain/contracts/index.js';
import { formatBytes } from '../lib/format.js';
import { QuotePdfButton } from '../lib/QuotePdfButton.js';
import { ApiError, parseJson, toApiError } from '../lib/api.js';

async function uploadPo(view: QuoteReleaseView, token: string, file: File): Promise<AttachedPoDocument> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/api/quotes/${view.id}/po-document`, {
    method: 'POST',
    body: form,
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = parseJson(await response.text());
  if (!response.ok) throw toApiError(response.status, body);
  return body as AttachedPoDocument;
}

/** The PO PDF field: upload on choice, then what the PDF says against this revision, in words. */
export function PoDocumentField({
  view,
  token,
  poNumber,
  required,
  error,
  onAttached,
}: {
  view: QuoteReleaseView;
  token: string;
  poNumber: string;
  required: boolean;
  error: string | undefined;
  onAttached: (id: string | undefined) => void;
}) {
  const [attached, setAttached] = useState<AttachedPoDocument | null>(null);
  const [state, setState] = useState<'idle' | 'reading' | 'failed'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const id = 'accept-poDocument';
  const shown = problem ?? error;
  const choose = async (file: File | undefined) => {
    setProblem(null);
    setAttached(null);
    onAttached(undefined);
    if (!file) return;
    setState('reading');
    try {
      const result = await uploadPo(view, token, file);
      setAttached(result);
      onAttached(result.id);
      setState('idle');
    } catch (failure) {
      setState('failed');
      setProblem(
        failure instanceof ApiError
          ? (failure.fields.file ?? failure.message)
          : 'The PDF could not be attached. Try again.',
      );
    }
  };
  const match = attached
    ? matchPoDocument(attached.reading, {
        poNumber,
        totalMinor: view.amountTotalMinor,
        currency: view.currency,
        quoteNumber: view.terms.quoteNumber,
        reference: view.reference,
      })
    : null;
  const hint = 'The PO as a PDF. We read it and compare it with this quote before you release.';
  return (
    <div className={`field${shown ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        Purchase order document (PDF){!required && <span className="optional"> (optional)</span>}
      </label>
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {shown && (
        <p id={`${id}-error`} className="field-error">
          <span className="visually-hidden">Error: </span>
          {shown}
        </p>
      )}
      <input
        id={id}
        type="file"
        accept="application/pdf,.pdf"
        aria-invalid={shown ? true : undefined}
        aria-describedby={[`${id}-hint`, shown ? `${id}-error` : '', `${id}-result`].filter(Boolean).join(' ')}
        onChange={(event) => void choose(event.target.files?.[0])}
      />
      <div id={`${id}-result`} aria-live="polite">
        {state === 'reading' && <p className="hint">Reading the PDF…</p>}
        {attached && match && (
          <div className={`po-check po-check-${match.outcome}`}>
            <p>
              <strong>{attached.name}</strong> ({formatBytes(attached.bytes)}): {match.summary}
            </p>
            {match.outcome !== 'not_read' && (
              <ul>
                {match.findings
                  .filter((finding) => finding.status !== 'unchecked')
                  .map((finding) => (
                    <li key={finding.field}>{finding.words}</li>
                  ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

/** The shop's supplier documents, each with its size, and all of them as one zip. */
export function VendorPacket({ view, token }: { view: QuoteReleaseView; token: string }) {
  const packet = view.vendorPacket;
  if (packet.documents.length === 0) return null;
  return (
    <section aria-labelledby="vendor-title" className="release-vendor">
      <h2 id="vendor-title">Supplier documents for your vendor set-up</h2>
      <p className="hint">
        What a purchasing system usually asks for before it issues a PO to a new supplier: our tax form, bank details,
        insurance and certificates.
      </p>
      <details>
        <summary>Show the {packet.documents.length} documents</summary>
        <ul className="vendor-documents">
          {packet.documents.map((document) => (
            <li key={document.id}>
              <span className="vendor-text">
                <span className="vendor-title">{document.title}</span>
                <span className="hint">
                  {document.kindLabel} · {formatBytes(document.bytes)}
                  {document.note ? ` · ${document.note}` : ''}
                </span>
              </span>
              <QuotePdfButton
                url={document.url}
                token={token}
                fileName={document.fileName}
                label="Download"
                accessibleName={`Download ${document.title}`}
              />
            </li>
          ))}
        </ul>
      </details>
      {packet.zipUrl && (
        <QuotePdfButton
          url={packet.zipUrl}
          token={token}
          fileName={`${view.reference}-supplier-documents.zip`}
          label={`Download all as one zip${packet.zipBytes ? ` (${formatBytes(packet.zipBytes)})` : ''}`}
        />
      )}
    </section>
  );
}
