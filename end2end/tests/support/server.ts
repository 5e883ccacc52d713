// Starts and stops the real Sala release server (target/release/sala) on its own
// port with its own temporary SQLite database, seeded in demo mode.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const MAIN_PORT = 3100;
export const ROOT = path.resolve(__dirname, '../../..');
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export class SalaServer {
  private process?: ChildProcess;
  readonly dataDir: string;

  /** `build` points at another build (a binary with its `hash.txt`, and its site). */
  constructor(
    readonly port: number,
    dataDir?: string,
    readonly build = { binary: path.join(ROOT, 'target/release/sala'), site: path.join(ROOT, 'target/site') },
  ) {
    this.dataDir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'sala-e2e-'));
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get databasePath(): string {
    return path.join(this.dataDir, 'sala.db');
  }

  /** Runs a query on the server's database with the `sqlite3` shell; its output, trimmed. */
  sql(query: string): string {
    return execFileSync('sqlite3', [this.databasePath, query], { encoding: 'utf8' }).trim();
  }

  async start(): Promise<void> {
    const child = spawn(this.build.binary, [], {
      cwd: ROOT,
      env: {
        ...process.env,
        LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}`,
        LEPTOS_SITE_ROOT: this.build.site,
        DATABASE_URL: `sqlite://${this.databasePath}`,
        SALA_DEMO: '1',
        SALA_LOG: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.process = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`sala exited with ${child.exitCode}`);
      try {
        const res = await fetch(`${this.origin}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`sala did not answer on ${this.origin} within 30 s`);
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    // Prove it is really down.
    await fetch(`${this.origin}/healthz`).then(
      () => { throw new Error('server still answering after stop'); },
      () => undefined,
    );
  }
}
