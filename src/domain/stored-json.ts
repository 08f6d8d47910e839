/**
 * Reading back JSON the portal stored itself (the jsonb columns): each reader parses the value with
 * the schema of what its writer puts there instead of casting it, so a row that does not match fails
 * at once with an error naming the table, the column and the row, rather than travelling on as a
 * value of the wrong type. Pure (zod only), so domain schemas and server-side schemas both use it.
 */
import { z } from 'zod/mini';

/** A stored JSON value that does not match the schema of what its column holds. */
export class StoredJsonError extends Error {
  override readonly name = 'StoredJsonError';
  /** `table.column`, e.g. `events.payload`. */
  readonly column: string;
  /** The row's primary key. */
  readonly row: string | number;
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(column: string, row: string | number, issues: readonly z.core.$ZodIssue[]) {
    super(`${column} of row ${row} does not match its schema: ${describeIssues(issues)}`);
    this.column = column;
    this.row = row;
    this.issues = issues;
  }
}

/**
 * The stored value as the schema's output, or a `StoredJsonError` naming the column and row:
 * `parseStoredJson(requestDetailsSchema, row.details, 'requests.details', row.id)`.
 */
export function parseStoredJson<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
  column: string,
  row: string | number,
): z.output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw new StoredJsonError(column, row, result.error.issues);
  return result.data;
}

const MAX_LISTED = 3;

// zod/mini carries no message texts ("Invalid input"), so the issue's own facts say what is wrong.
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(the whole value)';
    return `${where}: ${describeIssue(issue)}`;
  });
  const more = issues.length > MAX_LISTED ? ` (and ${issues.length - MAX_LISTED} more)` : '';
  return `${listed.join('; ')}${more}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union':
      // A discriminated union says which discriminator value it did not know.
      return 'note' in issue && typeof issue.note === 'string' ? issue.note : 'matches none of the allowed shapes';
    default:
      return issue.message === 'Invalid input' ? issue.code.replaceAll('_', ' ') : issue.message;
  }
}
