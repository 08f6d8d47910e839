/**
 * The server's log lines. Each line carries codes and ids (see error-code.ts), never what a customer
 * typed. By default errors go to console.error and the rest to console.log; `captureLogs` lets a
 * test take the lines it expects and assert on them.
 */

export type LogLevel = 'error' | 'info';

export interface LogLine {
  level: LogLevel;
  line: string;
}

type Sink = (entry: LogLine) => void;

const consoleSink: Sink = ({ level, line }) => {
  if (level === 'error') console.error(line);
  else console.log(line);
};

let sink: Sink = consoleSink;

/** Something failed and nobody is waiting on it: a background step, a fault worth an operator's look. */
export function logError(line: string): void {
  sink({ level: 'error', line });
}

/** Something worth knowing happened. */
export function logInfo(line: string): void {
  sink({ level: 'info', line });
}

export interface CapturedLogs {
  /** The lines taken so far, in order. */
  readonly lines: readonly LogLine[];
  /** Puts the previous sink back; lines logged afterwards are no longer taken. */
  restore(): void;
}

/**
 * Takes every line `take` accepts (by default all of them) instead of printing it; the others go on
 * to wherever they went before, so unexpected lines still show.
 */
export function captureLogs(take: (entry: LogLine) => boolean = () => true): CapturedLogs {
  const previous = sink;
  const lines: LogLine[] = [];
  const capture: Sink = (entry) => {
    if (take(entry)) lines.push(entry);
    else previous(entry);
  };
  sink = capture;
  return {
    lines,
    restore() {
      if (sink === capture) sink = previous;
    },
  };
}
