/**
 * Schema issues as the field-keyed messages every 422 answers with and every form shows. Its own
 * module, without the schemas: `route()` answers every function's 422 with it, so a function that
 * validates nothing does not load the request schema.
 */

/** The key for issues that belong to no single field (e.g. a body that is not an object). */
export const FORM_ERROR_KEY = '_form';

type IssueLike = { readonly path: readonly PropertyKey[]; readonly message: string };

/** Issues → `{ 'part.name': 'message' }`, first message per field: the 422 body and the form share it. */
export function fieldErrors(error: { readonly issues: readonly IssueLike[] }): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length === 0 ? FORM_ERROR_KEY : issue.path.map(String).join('.');
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}
