import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';

/**
 * Real processes for tests that need more than one: the API (src/main.ts) and workers (src/worker.ts) run
 * from source through register.js (swc, as jest compiles them), or a compiled file (dist/…), plus private
 * redis-server instances (never the machine's shared one) for tests that stop Redis.
 */
export const ROOT = join(__dirname, '..', '..');
const REGISTER = join(__dirname, 'register.js');

/** Polls `probe` until it returns something truthy; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A private redis-server child process (never the machine's shared one), for tests that stop Redis. */
export class PrivateRedis {
  private proc?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitFor('private redis to accept connections', async () => {
      const client = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        client.disconnect();
      }
    });
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A real application process with the test run's environment (its database, Redis, keys, log file) plus
 * `env`. No bootstrap admin (tests make their own users). Kill every one you start (afterAll/afterEach).
 */
export class AppProcess {
  output = '';
  /** resolves when the process has exited, however it ended */
  readonly exited: Promise<Exit>;
  private stopping = false;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    proc.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
    void this.exited.then(({ code, signal }) => {
      // a process that dies on its own (not stopped by the test) explains the failure that follows
      if (!this.stopping) console.error(`${name} ${proc.pid} exited (${code ?? signal}):\n${this.output.slice(-4000)}`);
    });
  }

  /** Queue workers only: src/worker.ts from source. */
  static worker(env: Record<string, string> = {}): AppProcess {
    return AppProcess.start('worker', [join(ROOT, 'src', 'worker.ts')], env);
  }

  /** Any entry point from source (e.g. the simulation's worker, test/simulation/sim-worker.ts). */
  static source(name: string, file: string, env: Record<string, string> = {}): AppProcess {
    return AppProcess.start(name, [file], env);
  }

  /** The API (src/main.ts) from source; give it its own PORT. Workers run in it unless RUN_WORKERS=false. */
  static api(env: Record<string, string> & { PORT: string }): AppProcess {
    return AppProcess.start('api', [join(ROOT, 'src', 'main.ts')], env);
  }

  /** A compiled entry point (e.g. `<outDir>/main.js`), run by plain node as `npm start` does. */
  static compiled(file: string, env: Record<string, string> = {}): AppProcess {
    return AppProcess.start(file, [file], env, false);
  }

  private static start(name: string, args: string[], env: Record<string, string>, fromSource = true): AppProcess {
    const proc = spawn(process.execPath, fromSource ? ['-r', REGISTER, ...args] : args, {
      cwd: ROOT,
      env: { ...process.env, BOOTSTRAP_ADMIN_USERNAME: '', BOOTSTRAP_ADMIN_PASSWORD: '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(name, proc);
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /**
   * Sends `signal` and returns how the process then ended (SIGTERM: a graceful shutdown is expected);
   * fails if it has not exited after `timeoutMs`.
   */
  async signal(signal: NodeJS.Signals, timeoutMs = 90_000): Promise<Exit> {
    this.stopping = true;
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} ${this.pid} did not exit within ${timeoutMs} ms of ${signal}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** kill -9 by default: no shutdown hook runs, its transactions and job locks are simply abandoned. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.signal(signal);
  }

  /** Waits until GET /health answers 200 on `port` (the API is listening and reaches PostgreSQL and Redis). */
  async waitForHealth(port: number, timeoutMs = 120_000): Promise<void> {
    await waitFor(
      `${this.name} ${this.pid} to answer /health`,
      async () => {
        if (this.proc.exitCode !== null || this.proc.signalCode !== null) throw new Error(`${this.name} exited:\n${this.output}`);
        const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
        return res?.status === 200;
      },
      timeoutMs,
      300,
    );
  }
}
