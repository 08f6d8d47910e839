/**
 * The quote form's autosave: after hydration the saved draft (or a fresh one) is put in the form,
 * then every change is saved to localStorage after a short pause, and at once when the page is
 * hidden or closed, so a reload never loses the last keystrokes. A draft with nothing entered is not
 * kept (`isBlankDraft`). The draft itself is `draft.ts`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import {
  clearDraft,
  isBlankDraft,
  loadDraft,
  newDraftId,
  saveDraft,
  startingValues,
  type Draft,
  type DraftStorage,
} from './draft.js';
import type { FormValues } from './values.js';

const SAVE_DELAY_MS = 400;

export type UseDraftAutosaveOptions = {
  form: UseFormReturn<FormValues>;
  /** The step and files as they are at save time; keep it stable (read refs). */
  current: () => Pick<Draft, 'step' | 'files'>;
  /** Saved again whenever the step or the file list changes. */
  step: unknown;
  files: unknown;
  /** Puts a restored draft's step and files back on screen; keep it stable. */
  onRestore: (draft: Draft) => void;
};

export type DraftAutosave = {
  /** False until the draft is in the form; nothing is saved before. */
  ready: boolean;
  /** When the restored draft was saved ('' if unknown), or null when the form started empty. */
  restoredAt: string | null;
  /** The request went out: stop saving and remove the draft. */
  finish: () => void;
  /** Start over: remove the draft and begin a new one, as a first visit to this address would. */
  restart: () => void;
};

export function useDraftAutosave({ form, current, step, files, onRestore }: UseDraftAutosaveOptions): DraftAutosave {
  const [ready, setReady] = useState(false);
  const [restoredAt, setRestoredAt] = useState<string | null>(null);
  const readyRef = useRef(false);
  const saveTimer = useRef<number | undefined>(undefined);
  const urlMode = useRef<string | null>(null);

  const saveNow = useCallback(() => {
    window.clearTimeout(saveTimer.current);
    if (!readyRef.current) return;
    const draft = { values: form.getValues(), ...current(), savedAt: new Date().toISOString() };
    // Nothing entered (or all of it taken back): keep no draft, so the next visit starts plainly.
    if (isBlankDraft(draft, urlMode.current)) {
      clearDraft({ storage: browserStorage(), id: draft.values.clientDraftId });
    } else saveDraft({ storage: browserStorage(), draft });
  }, [form, current]);

  const scheduleSave = useCallback(() => {
    window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(saveNow, SAVE_DELAY_MS);
  }, [saveNow]);

  // Restore the draft (or start one) after hydration: localStorage does not exist on the server.
  useEffect(() => {
    const draft = loadDraft({ storage: browserStorage() });
    urlMode.current = new URLSearchParams(window.location.search).get('mode');
    form.reset(startingValues({ draft, urlMode: urlMode.current, newId: newDraftId }));
    if (draft) {
      onRestore(draft);
      setRestoredAt(draft.savedAt);
    }
    readyRef.current = true;
    setReady(true);
  }, [form, onRestore]);

  useEffect(() => {
    const subscription = form.watch(() => scheduleSave());
    return () => subscription.unsubscribe();
  }, [form, scheduleSave]);

  useEffect(() => {
    if (ready) scheduleSave();
  }, [ready, step, files, scheduleSave]);

  // A reload or a closed tab must not lose the last keystrokes still waiting for the debounce.
  useEffect(() => {
    const flush = () => {
      if (document.visibilityState === 'hidden') saveNow();
    };
    window.addEventListener('pagehide', saveNow);
    document.addEventListener('visibilitychange', flush);
    return () => {
      window.removeEventListener('pagehide', saveNow);
      document.removeEventListener('visibilitychange', flush);
    };
  }, [saveNow]);

  const finish = useCallback(() => {
    readyRef.current = false;
    window.clearTimeout(saveTimer.current);
    clearDraft({ storage: browserStorage() });
  }, []);

  const restart = useCallback(() => {
    clearDraft({ storage: browserStorage() });
    setRestoredAt(null);
    // keepFieldsRef: the inputs on screen are emptied too. Without it react-hook-form forgets them
    // and re-registers them as they render, leaving a number or a choice without a new value as it was.
    form.reset(startingValues({ draft: null, urlMode: urlMode.current, newId: newDraftId }), { keepFieldsRef: true });
    readyRef.current = true;
  }, [form]);

  return { ready, restoredAt, finish, restart };
}

function browserStorage(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
