/**
 * `vercel build` of the working tree, offline, once per content. The build runs in a copy of the
 * repository under the temp folder (never in the repository itself: `astro build` would rewrite the
 * dist/ that e2e tests serve meanwhile). The copy holds the working tree's files as git lists them
 * (so uncommitted work is built), with node_modules hard-linked, and a placeholder
 * `.vercel/project.json`, with which `vercel build` needs no login and no network.
 *
 * The copy's folder is named by a hash of the copied files' contents: a second caller (the bench, a
 * re-run) with the same content reuses the finished build, and a lock file keeps two processes from
 * building the same content at once.
 *
 * After the build, `.vercel/output` is moved out of the project copy, next to it: Node resolves
 * packages by walking up the folders, and a function folder inside the copy would find the copy's
 * node_modules, hiding a package the function bundle lacks. Each function's `filePathMap` (files such
 * as drizzle/*.sql that Vercel uploads beside the function) is then copied into its .func folder, as
 * Vercel's deploy does.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface VercelBuild {
  /** The build output (`.vercel/output` of the copy, moved beside the copy): config.json, static/, functions/. */
  outputDir: string;
  /** Everything `vercel build` printed. */
  log: string;
  /** The project copy the build ran in. */
  projectDir: string;
  /** How long `vercel build` took when this content was built (the reused build's figure). */
  buildMs: number;
  /** Whether this call reused an earlier build of the same content. */
  reused: boolean;
}

/** The placeholder project link: with it `vercel build` runs without a login or the network. */
const PROJECT_JSON = { projectId: 'prj_portal_ci', orgId: 'team_portal_ci', settings: { framework: null } };

/**
 * node_modules entries not copied: caches that the builds write (and would then share through hard
 * links), and that other processes of the run write while the copy is made (a file gone mid-copy
 * fails `cp -al`).
 */
const SKIPPED_NODE_MODULES = new Set(['.vite', '.vite-temp', '.vitest-cache', '.astro', '.cache']);

const BUILD_TIMEOUT_MS = 15 * 60_000;

/** Lines of the build log that are TypeScript errors (`file.ts(1,2): error TS2835: …`). */
export function typeScriptErrors(log: string): string[] {
  return log.split('\n').filter((line) => /error TS\d+/.test(line));
}

/** The working tree's files as git lists them (tracked and untracked, minus ignored), that exist. */
export function workingTreeFiles(root = ROOT): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '-co', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter(Boolean);
  const files = new Set(listed.filter((file) => !file.startsWith('.vercel/')));
  files.add('package.json');
  files.add('package-lock.json');
  return [...files]
    .filter((file) => {
      try {
        return statSync(path.join(root, file)).isFile();
      } catch {
        return false; // deleted in the working tree but still tracked
      }
    })
    .sort();
}

/** A hash over the copied files' paths and contents (package-lock.json among them). */
export function contentHash(files: string[], root = ROOT): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

interface BuildRecord {
  hash: string;
  buildMs: number;
  builtAt: string;
}

let memo: Promise<VercelBuild> | undefined;

/** Builds the working tree with `vercel build` once per content and returns where the output is. */
export function ensureVercelBuild(): Promise<VercelBuild> {
  memo ??= buildOnce().catch((error: unknown) => {
    memo = undefined;
    throw error;
  });
  return memo;
}

async function buildOnce(): Promise<VercelBuild> {
  const files = workingTreeFiles();
  const hash = contentHash(files);
  const base = path.join(os.tmpdir(), `portal-vercel-build-${hash}`);
  const lockFile = `${base}.lock`;
  for (;;) {
    const done = readFinished(base);
    if (done) return done;
    if (takeLock(lockFile)) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  try {
    const done = readFinished(base); // finished while we waited for the lock
    if (done) return done;
    const built = await build(files, hash, base);
    pruneOldBuilds(path.basename(base));
    return built;
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/** Builds kept besides the current one; older ones (and abandoned staging folders) are removed. */
const KEEP_BUILDS = 3;
const PRUNE_AFTER_MS = 15 * 60_000;

function pruneOldBuilds(current: string): void {
  const tmp = os.tmpdir();
  const now = Date.now();
  const finished: { dir: string; mtime: number }[] = [];
  for (const entry of readdirSync(tmp)) {
    const dir = path.join(tmp, entry);
    const staging = /^portal-vercel-build-[0-9a-f]{16}\.building-(\d+)$/.exec(entry);
    if (staging) {
      if (!isAlive(Number(staging[1]))) rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (entry === current || !/^portal-vercel-build-[0-9a-f]{16}$/.test(entry)) continue;
    try {
      finished.push({ dir, mtime: statSync(path.join(dir, 'build.json')).mtimeMs });
    } catch {
      // not a finished build
    }
  }
  finished.sort((a, b) => b.mtime - a.mtime);
  for (const old of finished.slice(KEEP_BUILDS - 1)) {
    if (now - old.mtime > PRUNE_AFTER_MS && !existsSync(`${old.dir}.lock`)) {
      rmSync(old.dir, { recursive: true, force: true });
    }
  }
}

function readFinished(base: string): VercelBuild | undefined {
  const recordFile = path.join(base, 'build.json');
  if (!existsSync(recordFile)) return undefined;
  const record = JSON.parse(readFileSync(recordFile, 'utf8')) as BuildRecord;
  return {
    outputDir: path.join(base, 'output'),
    log: readFileSync(path.join(base, 'build.log'), 'utf8'),
    projectDir: path.join(base, 'project'),
    buildMs: record.buildMs,
    reused: true,
  };
}

/** Takes the lock file, or returns false while a live process holds it (a dead holder's lock is taken over). */
function takeLock(lockFile: string): boolean {
  try {
    const fd = openSync(lockFile, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let holder: number;
  try {
    holder = Number(readFileSync(lockFile, 'utf8'));
  } catch {
    return false; // removed meanwhile: try again
  }
  if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) return false;
  rmSync(lockFile, { force: true });
  return false; // the next round takes it
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function build(files: string[], hash: string, base: string): Promise<VercelBuild> {
  const staging = `${base}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const projectDir = path.join(staging, 'project');
  copyProject(files, projectDir);

  const started = performance.now();
  const { code, log } = await runVercelBuild(projectDir);
  const buildMs = performance.now() - started;
  writeFileSync(path.join(staging, 'build.log'), log);
  if (code !== 0) {
    const failedLog = `${base}.failed.log`;
    writeFileSync(failedLog, log);
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`vercel build failed (exit ${code}; log kept in ${failedLog}):\n${log}`);
  }

  const outputDir = path.join(staging, 'output');
  renameSync(path.join(projectDir, '.vercel/output'), outputDir);
  materialiseFilePathMaps(outputDir, projectDir);
  const record: BuildRecord = { hash, buildMs, builtAt: new Date().toISOString() };
  writeFileSync(path.join(staging, 'build.json'), JSON.stringify(record, null, 2));
  // Nothing in the output refers to its own folder, so the finished build can move into place.
  rmSync(base, { recursive: true, force: true });
  renameSync(staging, base);
  return {
    outputDir: path.join(base, 'output'),
    log,
    projectDir: path.join(base, 'project'),
    buildMs,
    reused: false,
  };
}

function copyProject(files: string[], projectDir: string): void {
  for (const file of files) {
    const target = path.join(projectDir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(ROOT, file), target);
  }
  const modules = path.join(projectDir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  const source = path.join(ROOT, 'node_modules');
  const all = readdirSync(source, { withFileTypes: true }).filter((entry) => !SKIPPED_NODE_MODULES.has(entry.name));
  // Top-level files (npm's .package-lock.json) are copied: `vercel build` runs `npm install`, which
  // rewrites that file in place, and through a hard link it would rewrite the repository's copy.
  for (const entry of all.filter((e) => e.isFile()))
    copyFileSync(path.join(source, entry.name), path.join(modules, entry.name));
  const entries = all.filter((e) => !e.isFile()).map((e) => e.name);
  try {
    // Hard links: instant and no extra space (the temp folder is on the same file system here).
    execFileSync('cp', ['-al', ...entries.map((entry) => path.join(ROOT, 'node_modules', entry)), `${modules}/`]);
  } catch {
    // cp may have linked some entries before it failed: copy each one afresh.
    for (const entry of entries) {
      rmSync(path.join(modules, entry), { recursive: true, force: true });
      cpSync(path.join(ROOT, 'node_modules', entry), path.join(modules, entry), {
        recursive: true,
        verbatimSymlinks: true,
      });
    }
  }
  mkdirSync(path.join(projectDir, '.vercel'), { recursive: true });
  writeFileSync(path.join(projectDir, '.vercel/project.json'), `${JSON.stringify(PROJECT_JSON)}\n`);
}

function runVercelBuild(projectDir: string): Promise<{ code: number | null; log: string }> {
  const bin = path.join(projectDir, 'node_modules/.bin');
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, 'vercel'), ['build', '--yes'], {
      cwd: projectDir,
      env: {
        ...process.env,
        // The copy's Node 24 and tools first (vercel's shebang is `env node`).
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        VERCEL_TELEMETRY_DISABLED: '1',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        // A test runner's settings must not leak into the build.
        NODE_ENV: undefined,
        NODE_OPTIONS: undefined,
        VITEST: undefined,
        VITEST_WORKER_ID: undefined,
        VITEST_POOL_ID: undefined,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, log: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** Every `.func` folder under functions/, as its route name (`api/health`) and folder. */
export function listFunctions(outputDir: string): { name: string; dir: string }[] {
  const root = path.join(outputDir, 'functions');
  const found: { name: string; dir: string }[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (!statSync(full).isDirectory()) continue;
      if (entry.endsWith('.func')) {
        found.push({ name: path.relative(root, full).slice(0, -'.func'.length).split(path.sep).join('/'), dir: full });
      } else {
        walk(full);
      }
    }
  };
  walk(root);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export interface VcConfig {
  handler: string;
  runtime?: string;
  launcherType?: string;
  shouldAddHelpers?: boolean;
  maxDuration?: number;
  environment?: Record<string, string>;
  filePathMap?: Record<string, string>;
}

export function readVcConfig(funcDir: string): VcConfig {
  return JSON.parse(readFileSync(path.join(funcDir, '.vc-config.json'), 'utf8')) as VcConfig;
}

/**
 * Copies each function's `filePathMap` files (path in the function → project-relative source) into
 * its .func folder: on Vercel they are uploaded beside the function, `vercel build` only lists them.
 */
export function materialiseFilePathMaps(outputDir: string, projectDir: string): void {
  for (const { dir } of listFunctions(outputDir)) {
    const config = readVcConfig(dir);
    for (const [inFunction, source] of Object.entries(config.filePathMap ?? {})) {
      const target = path.join(dir, inFunction);
      if (existsSync(target)) continue;
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(path.resolve(projectDir, source), target);
    }
  }
}
