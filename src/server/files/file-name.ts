/**
 * The customer's file name is display metadata only (storage uses generated keys), but it still ends
 * up in mails, headers and the status page, so it is cleaned here once.
 */
import { AppError } from '../../domain/errors.js';

const MAX_NAME_LENGTH = 200;

/**
 * Browsers send a bare file name; a name with a path in it was crafted, so it is refused rather than
 * silently cut down. Control characters and surrounding dots/spaces are removed; long names keep
 * their extension.
 */
export function sanitizeFileName(raw: string | undefined): string {
  const name = (raw ?? '')
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  if (/[/\\]/.test(name) || /^\.*$/.test(name)) {
    const shown = name.slice(0, 60) || 'The file';
    throw new AppError('VALIDATION', `${shown}: the file name is not valid. Rename the file and try again.`, {
      fields: { file: 'The file name is not valid. Rename the file (letters, digits, dashes) and try again.' },
    });
  }
  const cleaned = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '') || 'file';
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}
