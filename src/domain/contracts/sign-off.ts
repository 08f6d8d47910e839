/**
 * The technical sign-off as the status and release pages show it (architecture §1, invariant 7):
 * which 3D files the current sign-off covers, or that it is open again and why. Pure types, built
 * by `signOffView` (`domain/workflow/views.ts`) for the server's replies and read by the islands.
 */
import type { SignOffDecision } from '../workflow/vocabulary.js';

/** A 3D file by name and the first 8 hex digits of its SHA-256, enough for a person to compare. */
export interface CoveredFileView {
  fileId: string;
  name: string;
  sha256: string;
  shortHash: string;
}

/**
 * `current`: the technical track is at a go-ahead and `covers` is what it approved. `reopened`: a 3D
 * file it did not cover arrived since, so the review is open again; `arrived` lists those files.
 * `none`: there is no sign-off to show (never given, or ended by a later technical decision).
 */
export type SignOffView =
  | {
      status: 'current';
      decision: SignOffDecision;
      at?: string | undefined;
      /** "The technical contact approved on 3 March; it covers the 3D files below." */
      sentence: string;
      covers: CoveredFileView[];
    }
  | {
      status: 'reopened';
      decision: SignOffDecision;
      at?: string | undefined;
      /** "A new version of bracket.stl arrived after the technical contact approved on 3 March; …" */
      sentence: string;
      covers: CoveredFileView[];
      arrived: CoveredFileView[];
    }
  | { status: 'none' };
