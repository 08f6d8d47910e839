/**
 * The server's log lines in tests (src/server/log.ts). A test that injects a fault on purpose says
 * which lines it expects; those are taken instead of printed and checked when the test ends, so a
 * green run prints nothing for them. Lines nobody expected still reach stderr.
 */
import { onTestFinished, expect } from 'vitest';
import { captureLogs, type LogLine } from '../../src/server/log.js';

export interface ExpectedLogs {
  /** The lines taken so far. */
  readonly lines: readonly string[];
}

/** A log line says codes and ids only: never an address, a long free text or a stack. */
export function expectCodesOnly(line: string): void {
  expect(line).not.toMatch(/@/);
  expect(line).not.toMatch(/\n\s+at /);
}

function matches(patterns: readonly RegExp[], entry: LogLine): boolean {
  return patterns.some((pattern) => pattern.test(entry.line));
}

/**
 * Takes the log lines matching any of `patterns` until the current test ends; then each pattern must
 * have matched at least one line, and every line taken must carry codes and ids only.
 */
export function expectLogs(...patterns: RegExp[]): ExpectedLogs {
  const captured = captureLogs((entry) => matches(patterns, entry));
  onTestFinished(() => {
    captured.restore();
    const lines = captured.lines.map((entry) => entry.line);
    for (const pattern of patterns) {
      expect(
        lines.some((line) => pattern.test(line)),
        `a log line matching ${pattern}`,
      ).toBe(true);
    }
    lines.forEach(expectCodesOnly);
  });
  return {
    get lines() {
      return captured.lines.map((entry) => entry.line);
    },
  };
}

/**
 * Like expectLogs, for faults that may or may not happen (a random schedule): the lines matching are
 * taken and must carry codes and ids only, but none is required.
 */
export function allowLogs(...patterns: RegExp[]): ExpectedLogs {
  const captured = captureLogs((entry) => matches(patterns, entry));
  onTestFinished(() => {
    captured.restore();
    captured.lines.forEach((entry) => expectCodesOnly(entry.line));
  });
  return {
    get lines() {
      return captured.lines.map((entry) => entry.line);
    },
  };
}

/** The line route() logs for a request that failed unexpectedly: method, path, incident id, code. */
export const INCIDENT = /failed: incident [0-9a-f]+, /;
