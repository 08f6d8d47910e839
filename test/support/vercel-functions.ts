/**
 * A "deployment" started from `vercel build`'s `.vercel/output`, on loopback: a front server that
 * routes the way Vercel's edge applies `config.json` (Build Output API v3), serving `static/` and
 * handing function paths to `functions/<path>.func`, each run as its own process under Vercel's own
 * launcher (`@vercel/node/dist/dev-server.mjs`, the bridge `vercel dev` uses), with the .func folder
 * as its working directory and only the deployment's environment.
 *
 * Routing follows the Build Output API's phases: the routes before the first `handle` (`none`), then a
 * filesystem check, then the routes after `{ "handle": "filesystem" }`, `rewrite`, `resource`, `miss`
 * and `hit`, and `error` for a final status of 400 or more. A matching route adds its headers (`$1`
 * and named groups substituted), sets its status, rewrites to its `dest` (dest query parameters merge
 * into the request's), and stops the phase unless `continue: true`; with `check: true` the rewritten
 * path is routed again from the start. A status with a Location header answers as a redirect. As in
 * `vercel dev`, the filesystem check matches a path exactly, and an `index` (index.html, index.func)
 * answers its folder with or without the trailing slash.
 *
 * Functions start on their first request (a cold start) and are kept; a function whose process died
 * starts again on the next request. Each function's stdout and stderr are kept for assertions and
 * for printing when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listFunctions, readVcConfig, ROOT, type VcConfig } from './vercel-build.js';

/** Vercel's own launcher for Node functions (the bridge `vercel dev` runs each function under). */
export const VERCEL_LAUNCHER = path.join(ROOT, 'node_modules/@vercel/node/dist/dev-server.mjs');

/** Vercel refuses function request bodies above 4.5 MB. */
const BODY_LIMIT = 4.5 * 1024 * 1024;

const LAUNCH_TIMEOUT_MS = 60_000;

export type RouteHeaders = Record<string, string>;

interface SourceRoute {
  src: string;
  dest?: string;
  headers?: RouteHeaders;
  status?: number;
  continue?: boolean;
  check?: boolean;
  caseSensitive?: boolean;
  important?: boolean;
  methods?: string[];
  has?: Condition[];
  missing?: Condition[];
}
interface HandleRoute {
  handle: string;
}
type Route = SourceRoute | HandleRoute;
interface Condition {
  type: 'header' | 'cookie' | 'query' | 'host';
  key?: string;
  value?: string;
}

export interface OutputConfig {
  version: number;
  routes?: Route[];
  crons?: { path: string; schedule: string }[];
}

export function readOutputConfig(outputDir: string): OutputConfig {
  return JSON.parse(readFileSync(path.join(outputDir, 'config.json'), 'utf8')) as OutputConfig;
}

type Phase = 'none' | 'filesystem' | 'rewrite' | 'resource' | 'miss' | 'hit' | 'error';

const NEXT_PHASE: Partial<Record<Phase, Phase>> = { none: 'filesystem', filesystem: 'rewrite', rewrite: 'resource' };

export type Target =
  | { kind: 'static'; file: string }
  | { kind: 'function'; name: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'status' };

export interface RoutingResult {
  /** The path after rewrites, with the merged query. */
  path: string;
  query: URLSearchParams;
  status: number | undefined;
  headers: RouteHeaders;
  target: Target;
}

/** The routing half of the front server: config.json's routes over the output's files and functions. */
export class OutputRouter {
  private readonly phases = new Map<Phase, SourceRoute[]>();
  readonly functions: Map<string, string>;
  private readonly staticDir: string;
  readonly outputDir: string;

  constructor(outputDir: string) {
    this.outputDir = outputDir;
    const config = readOutputConfig(outputDir);
    if (config.version !== 3)
      throw new Error(`config.json version ${config.version}: expected the Build Output API v3`);
    let phase: Phase = 'none';
    this.phases.set(phase, []);
    for (const route of config.routes ?? []) {
      if ('handle' in route) {
        phase = route.handle as Phase;
        if (!this.phases.has(phase)) this.phases.set(phase, []);
        continue;
      }
      this.phases.get(phase)!.push(route);
    }
    this.functions = new Map(listFunctions(outputDir).map((f) => [f.name, f.dir]));
    this.staticDir = path.join(outputDir, 'static');
  }

  /** What the filesystem holds at a path: a static file or a function (an `index` answers its folder). */
  lookup(urlPath: string): Target | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const relative = decoded.replace(/^\/+/, '');
    if (relative.split('/').some((segment) => segment === '.' || segment === '..')) return undefined;
    const candidates =
      relative === '' || relative.endsWith('/')
        ? [{ file: `${relative}index.html` }, { fn: `${relative}index` }]
        : [{ file: relative }, { fn: relative }, { file: `${relative}/index.html` }, { fn: `${relative}/index` }];
    for (const candidate of candidates) {
      if ('fn' in candidate && candidate.fn !== undefined) {
        if (this.functions.has(candidate.fn)) return { kind: 'function', name: candidate.fn };
        continue;
      }
      const file = path.join(this.staticDir, candidate.file);
      if (!file.startsWith(`${this.staticDir}${path.sep}`)) continue;
      try {
        if (statSync(file).isFile()) return { kind: 'static', file };
      } catch {
        // not there
      }
    }
    return undefined;
  }

  route(method: string, url: string, headers: IncomingHttpHeaders): RoutingResult {
    const parsed = new URL(url, 'http://deployment.invalid');
    const state = {
      path: parsed.pathname,
      query: new URLSearchParams(parsed.search),
      status: undefined as number | undefined,
      headers: {} as RouteHeaders,
      important: {} as RouteHeaders,
      location: undefined as string | undefined,
    };
    const cookies = parseCookies(headers.cookie);
    let rounds = 0;

    const matches = (route: SourceRoute, phase: Phase): RegExpExecArray | undefined => {
      const match = new RegExp(route.src, route.caseSensitive ? '' : 'i').exec(state.path);
      if (!match) return undefined;
      if (route.methods && !route.methods.some((m) => m.toUpperCase() === method.toUpperCase())) return undefined;
      if (phase === 'error' && route.status !== state.status) return undefined;
      const holds = (condition: Condition) => conditionHolds(condition, headers, cookies, state.query);
      if (route.has && !route.has.every(holds)) return undefined;
      if (route.missing?.some(holds)) return undefined;
      return match;
    };

    const check = (phase: Phase): void => {
      if (++rounds > 50) {
        state.status = 500;
        return;
      }
      let stopped = false;
      for (const route of this.phases.get(phase) ?? []) {
        const match = matches(route, phase);
        if (!match) continue;
        for (const [key, value] of Object.entries(route.headers ?? {})) {
          const name = key.toLowerCase();
          const substituted = substitute(value, match);
          if (name === 'location') state.location = substituted;
          else {
            state.headers[name] = substituted;
            if (route.important) state.important[name] = substituted;
          }
        }
        if (route.status) state.status = route.status;
        if (route.dest) {
          const previous = state.path;
          const dest = substitute(route.dest, match);
          if (/^https?:\/\//i.test(dest)) throw new Error(`route ${route.src} rewrites to an external URL (${dest})`);
          const destUrl = new URL(dest, 'http://deployment.invalid');
          state.path = destUrl.pathname;
          for (const [key, value] of destUrl.searchParams) state.query.set(key, value);
          if (route.check && phase !== 'hit') {
            if (previous === state.path) {
              if (phase !== 'miss') return check(NEXT_PHASE[phase] ?? 'miss');
              state.status = 404;
            } else if (phase === 'miss') {
              if (!this.lookup(state.path)) return check('filesystem');
              if (state.status === 404) state.status = undefined;
            } else {
              return check('none');
            }
          }
        }
        if (state.location && state.status && state.status >= 300 && state.status < 400) return;
        if (!route.continue) {
          stopped = true;
          break;
        }
      }
      if (phase === 'hit' || state.location) return;
      const found = this.lookup(state.path) !== undefined;
      if (phase === 'miss' && !found && (!state.status || state.status < 400)) state.status = 404;
      if (found || phase === 'miss' || phase === 'error') return check('hit');
      return check(stopped ? 'miss' : (NEXT_PHASE[phase] ?? 'miss'));
    };

    check('none');
    if (!state.location && state.status !== undefined && state.status >= 400) {
      rounds = 0;
      check('error');
    }
    const result = { path: state.path, query: state.query, status: state.status, headers: state.headers };
    if (state.location) {
      const search = state.query.toString();
      const location = search && !state.location.includes('?') ? `${state.location}?${search}` : state.location;
      return {
        ...result,
        status: state.status && state.status >= 300 && state.status < 400 ? state.status : 307,
        target: { kind: 'redirect', location },
      };
    }
    const found = this.lookup(state.path);
    return { ...result, headers: { ...state.headers, ...state.important }, target: found ?? { kind: 'status' } };
  }
}

function substitute(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\d+|[A-Za-z_]\w*)/g, (_all, key: string) =>
    /^\d+$/.test(key) ? (match[Number(key)] ?? '') : (match.groups?.[key] ?? ''),
  );
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return cookies;
}

function conditionHolds(
  condition: Condition,
  headers: IncomingHttpHeaders,
  cookies: Record<string, string>,
  query: URLSearchParams,
): boolean {
  const key = condition.key ?? '';
  const actual =
    condition.type === 'header'
      ? headerValue(headers[key.toLowerCase()])
      : condition.type === 'cookie'
        ? cookies[key]
        : condition.type === 'query'
          ? (query.get(key) ?? undefined)
          : headerValue(headers.host)?.replace(/:\d+$/, '');
  if (actual === undefined) return false;
  return condition.value === undefined || new RegExp(`^(?:${condition.value})$`).test(actual);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.pdf': 'application/pdf',
};

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'transfer-encoding', 'te']);

/** The whole request body, or undefined once it passes the limit (the rest is drained). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    req.once('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

interface FunctionProcess {
  child: ChildProcess;
  port: number;
}

interface FunctionState {
  name: string;
  dir: string;
  config: VcConfig;
  log: string[];
  launches: number;
  running?: Promise<FunctionProcess>;
  current?: FunctionProcess;
}

export interface DeploymentRequest {
  method: string;
  url: string;
  status: number;
  target: string;
}

export interface Deployment {
  url: string;
  port: number;
  router: OutputRouter;
  /** Every function's route name (`api/health`, `api/requests/index`, …). */
  functionNames: string[];
  /** What the front server answered, in order. */
  requests: DeploymentRequest[];
  /** One function's stdout and stderr, across its launches. */
  logs(name: string): string;
  /** Every function's log that has anything, with a header line each (for a failing test's output). */
  allLogs(): string;
  /** How often a function's process has been started. */
  launches(name: string): number;
  /** Stops a function's process (the next request starts it again: a cold start). */
  kill(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface DeploymentOptions {
  outputDir: string;
  /** The deployment's environment variables; a function receives the front server's URL. */
  env: Record<string, string> | ((url: string) => Record<string, string>);
  /** 0 (default) picks a free port. */
  port?: number;
  /** The Node binary functions run on (default: this process's, which must match the functions' runtime). */
  node?: string;
}

/** Vercel's runtime id for a Node major version (`nodejs24.x`). */
export function runtimeOf(nodeVersion = process.versions.node): string {
  return `nodejs${nodeVersion.split('.')[0]}.x`;
}

/** The environment a function process gets: nothing from this process but a PATH and an empty HOME. */
function functionEnv(base: Record<string, string>, home: string, host: string): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    ...base,
    VERCEL: '1',
    VERCEL_ENV: 'production',
    VERCEL_URL: host,
  };
}

export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  const router = new OutputRouter(options.outputDir);
  const node = options.node ?? process.execPath;
  const home = mkdtempSync(path.join(os.tmpdir(), 'portal-deployment-home-'));
  const states = new Map<string, FunctionState>();
  for (const [name, dir] of router.functions) {
    const config = readVcConfig(dir);
    states.set(name, { name, dir, config, log: [], launches: 0 });
  }
  const requests: DeploymentRequest[] = [];
  const sockets = new Set<Socket>();
  let baseUrl = '';
  let env: Record<string, string> = {};
  let stopping = false;

  const launch = (state: FunctionState): Promise<FunctionProcess> => {
    if (state.running) return state.running;
    const runtime = state.config.runtime;
    if (runtime && runtime !== runtimeOf() && node === process.execPath) {
      throw new Error(`${state.name} is built for ${runtime} but this Node is ${process.version}`);
    }
    state.launches += 1;
    const launchNo = state.launches;
    state.log.push(`--- launch ${launchNo} (${new Date().toISOString()})\n`);
    const child = spawn(node, [VERCEL_LAUNCHER], {
      cwd: state.dir,
      env: {
        ...functionEnv({ ...(state.config.environment ?? {}), ...env }, home, new URL(baseUrl).host),
        VERCEL_DEV_ENTRYPOINT: state.config.handler,
        VERCEL_DEV_PORT: '0',
        VERCEL_DEV_CONFIG: JSON.stringify(state.config.shouldAddHelpers === false ? { helpers: false } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => state.log.push(chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => state.log.push(chunk));
    const running = new Promise<FunctionProcess>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${state.name} did not report its address within ${LAUNCH_TIMEOUT_MS} ms`));
      }, LAUNCH_TIMEOUT_MS);
      child.once('message', (message) => {
        clearTimeout(timer);
        const port = (message as Partial<AddressInfo> | undefined)?.port;
        if (typeof port !== 'number') {
          reject(new Error(`${state.name}: unexpected message from the launcher: ${JSON.stringify(message)}`));
          return;
        }
        const proc = { child, port };
        state.current = proc;
        resolve(proc);
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        state.log.push(`--- launch ${launchNo} exited (${signal ?? code})\n`);
        if (state.current?.child === child) state.current = undefined;
        if (state.running === running) state.running = undefined;
        reject(new Error(`${state.name} exited (${signal ?? code}) before it reported its address`));
      });
    });
    running.catch(() => undefined);
    state.running = running;
    return running;
  };

  const kill = async (state: FunctionState): Promise<void> => {
    const running = state.running;
    state.running = undefined;
    const proc = state.current ?? (await running?.catch(() => undefined));
    state.current = undefined;
    const child = proc?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  };

  const record = (req: IncomingMessage, status: number, target: string) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', status, target });
  };

  const sendPlain = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: RouteHeaders,
    body: string,
    target: string,
  ) => {
    res.writeHead(status, {
      ...headers,
      'content-type': 'text/plain; charset=utf-8',
      'x-deployment-target': target,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    record(req, status, target);
  };

  const serveFunction = async (
    req: IncomingMessage,
    res: ServerResponse,
    routed: RoutingResult,
    state: FunctionState,
  ) => {
    const target = `function:${state.name}`;
    // Vercel's edge reads the whole request body before invoking a function (refusing more than
    // 4.5 MB) and hands it over with a Content-Length.
    const body = await readBody(req, BODY_LIMIT);
    if (body === undefined) {
      sendPlain(req, res, 413, routed.headers, 'Request Entity Too Large\n\nFUNCTION_PAYLOAD_TOO_LARGE\n', target);
      return;
    }
    let proc: FunctionProcess;
    try {
      proc = await launch(state);
    } catch (error) {
      state.log.push(`--- ${error instanceof Error ? error.message : String(error)}\n`);
      sendPlain(req, res, 500, routed.headers, 'A server error has occurred\n\nFUNCTION_INVOCATION_FAILED\n', target);
      return;
    }
    const clientIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const host = req.headers.host ?? new URL(baseUrl).host;
    const headers: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(key)) continue;
      headers[key] = value;
    }
    delete headers['content-length'];
    if (body.length > 0 || req.headers['content-length'] !== undefined) headers['content-length'] = String(body.length);
    Object.assign(headers, {
      host,
      'x-forwarded-host': host,
      'x-forwarded-proto': 'http',
      'x-forwarded-for': clientIp,
      'x-real-ip': clientIp,
      'x-vercel-forwarded-for': clientIp,
      'x-vercel-deployment-url': host,
      'x-vercel-id': `dev1::${randomBytes(6).toString('hex')}`,
    });
    const search = routed.query.toString();
    const upstreamPath = `${routed.path}${search ? `?${search}` : ''}`;
    const maxMs = (state.config.maxDuration ?? 300) * 1000;
    await new Promise<void>((resolve) => {
      let settled = false;
      const finish = (status: number) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        record(req, status, target);
        resolve();
      };
      const upstream = http.request(
        { host: '127.0.0.1', port: proc.port, method: req.method, path: upstreamPath, headers },
        (response) => {
          const status = routed.status ?? response.statusCode ?? 502;
          const responseHeaders: Record<string, string | string[]> = { ...routed.headers };
          for (const [key, value] of Object.entries(response.headers)) {
            if (value !== undefined && key !== 'connection' && key !== 'keep-alive') responseHeaders[key] = value;
          }
          responseHeaders['x-deployment-target'] = target;
          res.writeHead(status, responseHeaders);
          response.pipe(res);
          response.once('end', () => finish(status));
          response.once('error', () => {
            res.destroy();
            finish(status);
          });
        },
      );
      const timer = setTimeout(() => {
        upstream.destroy(new Error('FUNCTION_INVOCATION_TIMEOUT'));
      }, maxMs);
      upstream.once('error', (error) => {
        state.log.push(`--- request ${req.method} ${req.url} failed: ${error.message}\n`);
        if (!res.headersSent) {
          const timeout = error.message === 'FUNCTION_INVOCATION_TIMEOUT';
          const status = timeout ? 504 : 500;
          res.writeHead(status, { ...routed.headers, 'content-type': 'text/plain; charset=utf-8' });
          res.end(
            timeout
              ? 'An error occurred with your deployment\n\nFUNCTION_INVOCATION_TIMEOUT\n'
              : 'A server error has occurred\n\nFUNCTION_INVOCATION_FAILED\n',
          );
          finish(status);
        } else {
          res.destroy();
          finish(res.statusCode);
        }
      });
      upstream.end(body);
    });
  };

  const serveStatic = (req: IncomingMessage, res: ServerResponse, routed: RoutingResult, file: string) => {
    const body = readFileSync(file);
    const status = routed.status ?? 200;
    const target = `static:${path.relative(path.join(options.outputDir, 'static'), file)}`;
    res.writeHead(status, {
      'cache-control': 'public, max-age=0, must-revalidate',
      ...routed.headers,
      'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(body.length),
      'x-deployment-target': target,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    record(req, status, target);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const routed = router.route(req.method ?? 'GET', req.url ?? '/', req.headers);
    const target = routed.target;
    if (target.kind === 'redirect') {
      req.resume();
      res.writeHead(routed.status ?? 308, {
        ...routed.headers,
        location: target.location,
        'x-deployment-target': 'redirect',
      });
      res.end();
      record(req, routed.status ?? 308, 'redirect');
      return;
    }
    if (target.kind === 'static') {
      req.resume();
      serveStatic(req, res, routed, target.file);
      return;
    }
    if (target.kind === 'function') {
      await serveFunction(req, res, routed, states.get(target.name)!);
      return;
    }
    req.resume();
    const status = routed.status ?? 404;
    sendPlain(
      req,
      res,
      status,
      routed.headers,
      status === 404 ? 'The page could not be found\n\nNOT_FOUND\n' : `${status}\n`,
      `router:${status}`,
    );
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`front server error: ${error instanceof Error ? error.message : String(error)}\n`);
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  env = typeof options.env === 'function' ? options.env(baseUrl) : options.env;

  const stateOf = (name: string): FunctionState => {
    const state = states.get(name);
    if (!state) throw new Error(`no function ${name} in the build (have: ${[...states.keys()].join(', ')})`);
    return state;
  };

  return {
    url: baseUrl,
    port,
    router,
    functionNames: [...states.keys()],
    requests,
    logs: (name) => stateOf(name).log.join(''),
    allLogs: () =>
      [...states.values()]
        .filter((state) => state.log.length > 0)
        .map((state) => `===== ${state.name}\n${state.log.join('')}`)
        .join('\n'),
    launches: (name) => stateOf(name).launches,
    kill: (name) => kill(stateOf(name)),
    async stop() {
      if (stopping) return;
      stopping = true;
      await Promise.all([...states.values()].map((state) => kill(state)));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface ImportResult {
  name: string;
  code: number | null;
  output: string;
}

/**
 * Imports a function's handler under plain Node with the production environment, the way the
 * runtime loads it: cwd the .func folder, nothing resolvable beyond it. A missing module fails.
 */
export function importFunction(
  funcDir: string,
  name: string,
  env: Record<string, string>,
  node = process.execPath,
): Promise<ImportResult> {
  const config = readVcConfig(funcDir);
  const handler = path.join(funcDir, config.handler);
  if (!existsSync(handler)) return Promise.resolve({ name, code: -1, output: `handler ${handler} missing\n` });
  if (config.runtime && node === process.execPath && config.runtime !== runtimeOf()) {
    return Promise.resolve({
      name,
      code: -1,
      output: `built for ${config.runtime}, but this Node is ${process.version}\n`,
    });
  }
  const home = mkdtempSync(path.join(os.tmpdir(), 'portal-import-home-'));
  const script = `await import(${JSON.stringify(pathToFileURL(handler).href)}); process.exit(0);`;
  return new Promise((resolve) => {
    const child = spawn(node, ['--input-type=module', '-e', script], {
      cwd: funcDir,
      env: functionEnv(env, home, 'deployment.invalid'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      resolve({ name, code: code ?? (signal ? -1 : null), output });
    });
  });
}

/**
 * README "Deploying on Vercel", step 1: `DATABASE_URL=… npm run db:migrate`, run in the built project
 * copy (the same content as the functions) with nothing else set. Throws with the output on failure.
 */
export function migrateDatabase(projectDir: string, databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'db:migrate'], {
      cwd: projectDir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`npm run db:migrate failed (exit ${code}):\n${output}`));
    });
  });
}
