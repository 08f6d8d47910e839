/**
 * "Download the quote PDF" for a link holder: the PDF function wants the link's token in the
 * Authorization header, so a plain link cannot carry it; the file is fetched and handed to the
 * browser as a download.
 */
import { useState } from 'react';

export interface QuotePdfButtonProps {
  url: string;
  token: string;
  fileName: string;
  /** The button's words; "Download the quote PDF" by default. */
  label?: string;
  /** A fuller name for screen readers when several buttons share short words ("Download"). */
  accessibleName?: string | undefined;
}

export function QuotePdfButton({
  url,
  token,
  fileName,
  label = 'Download the quote PDF',
  accessibleName,
}: QuotePdfButtonProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const download = async () => {
    setProblem(null);
    try {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      const blobUrl = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = blobUrl;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
    } catch {
      setProblem('The file could not be downloaded. Try again in a moment.');
    }
  };
  return (
    <p>
      <button
        type="button"
        className="button button-secondary"
        aria-label={accessibleName}
        onClick={() => void download()}
      >
        {label}
      </button>
      {problem && <span role="alert"> {problem}</span>}
    </p>
  );
}
