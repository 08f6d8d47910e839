/**
 * Local disk storage (`npm start`, tests): one flat folder of generated names. Writes go to a temp
 * name first and are renamed into place, so a crash never leaves a truncated blob under a real key.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Storage } from './index.js';
import { STORAGE_KEY } from './keys.js';
import { localMultipart } from './local-multipart.js';

export function localStorage(dir: string): Storage {
  const fileOf = (key: string) => {
    if (!STORAGE_KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    return path.join(dir, key);
  };
  return {
    kind: 'local',
    multipart: localMultipart(dir),
    async put(key, body) {
      const file = fileOf(key);
      await mkdir(dir, { recursive: true });
      const temp = `${file}.partial`;
      await writeFile(temp, body, { flag: 'wx' });
      await rename(temp, file);
    },
    async get(key) {
      const file = fileOf(key);
      try {
        const info = await stat(file);
        return { body: createReadStream(file), size: info.size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    async list() {
      try {
        return (await readdir(dir)).filter((name) => STORAGE_KEY.test(name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
  };
}
