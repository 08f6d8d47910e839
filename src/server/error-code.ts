/**
 * What a log line may say about an error: its class, a code (the PostgreSQL SQLSTATE or a Node
 * system code, from the error or its causes) and where in our code it was thrown. Never its message
 * or its fields: a database error carries the failed query's parameters, which are what the customer
 * typed (part details, names, emails), and an SMTP error quotes addresses.
 */

/** SQLSTATE: five digits or upper-case letters (22P05, 23505, 40001). */
const SQLSTATE = /^[0-9A-Z]{5}$/;
/** Node and library codes (ECONNREFUSED, ERR_STREAM_PREMATURE_CLOSE) and our own AppError codes. */
const CODE = /^[A-Z][A-Z0-9_]{1,40}$/;
const NAME = /^[A-Za-z_$][\w$.-]{0,60}$/;
/** Our adapters' own words for a failure (StripeAdapterError: operation 'retrieveQuote', kind 'unavailable'). */
const WORD = /^[A-Za-z][A-Za-z_]{1,40}$/;

/** "DrizzleQueryError 22P05 at src/server/intake/create-request.ts:98", or as much of it as is known. */
export function errorCode(error: unknown): string {
  const name = nameOf(error);
  const code = codeOf(error);
  const where = whereOf(error);
  return [name, ...adapterWords(error), code, where ? `at ${where}` : undefined].filter(Boolean).join(' ');
}

function nameOf(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const candidate = error.constructor === Error ? error.name : error.constructor.name || error.name;
  return NAME.test(candidate) ? candidate : 'Error';
}

function adapterWords(error: unknown): string[] {
  if (typeof error !== 'object' || error === null) return [];
  const { operation, kind } = error as { operation?: unknown; kind?: unknown };
  return [operation, kind].filter((word): word is string => typeof word === 'string' && WORD.test(word));
}

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  let fallback: string | undefined;
  // The SQLSTATE usually sits on the cause (drizzle wraps the driver's error); look a few levels down.
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && SQLSTATE.test(code)) return code;
    if (typeof code === 'string' && CODE.test(code)) fallback ??= code;
    current = (current as { cause?: unknown }).cause;
  }
  return fallback;
}

/** The first stack frame in our own code (src/ or api/), as a repository path with its line. */
function whereOf(error: unknown): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  for (const line of stack.split('\n')) {
    if (!line.trimStart().startsWith('at ') || line.includes('node_modules')) continue;
    const match = /[/\\]((?:src|api)[/\\][\w./\\[\]-]+\.[cm]?[jt]sx?):(\d+)/.exec(line);
    if (match) return `${match[1]?.replaceAll('\\', '/')}:${match[2]}`;
  }
  return undefined;
}
