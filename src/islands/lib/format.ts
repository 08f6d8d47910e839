/** File sizes in words people read: "1 byte", "2 KB", "4.5 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** Options for the date helpers; pages leave them out (the reader's locale and time zone), tests pin them. */
export interface DateFormatOptions {
  locale?: string | undefined;
  timeZone?: string | undefined;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day for people: "31 Mar 2026" in the reader's locale. A date-only value ("2026-03-31",
 * a needed-by date) is that day wherever the reader is; a timestamp is its day in the reader's zone.
 */
export function formatDate(value: string, { locale, timeZone }: DateFormatOptions = {}): string {
  const day = DATE_ONLY.exec(value);
  if (day) {
    const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    return Number.isNaN(date.getTime())
      ? value
      : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
}

/** A moment for people, in the reader's locale and time zone: "3 Mar 2026, 14:05" (as the status page shows). */
export function formatDateTime(value: string, { locale, timeZone }: DateFormatOptions = {}): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}
