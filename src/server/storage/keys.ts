import { randomUUID } from 'node:crypto';

/** Storage keys are ours: a random id plus an extension, nothing else. */
export const STORAGE_KEY = /^[a-f0-9-]{36}\.[a-z0-9]{2,4}$/;

export function newStorageKey(extension: string): string {
  return `${randomUUID()}.${extension}`;
}
