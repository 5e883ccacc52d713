// Starts and stops the real Sala release server (target/release/sala) on its own
// port with its own temporary database, seeded in demo mode: a SQLite file, or — with
// SALA_E2E_BACKEND=postgres (scripts/test's smoke set) — a new database on the test
// PostgreSQL server at SALA_TEST_POSTGRES_URL, named after the data folder (so a server
// restarted on the same folder finds the same database).
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

  /** The server's database URL (the PostgreSQL database is made on first use). */
  get databaseUrl(): string {
    if (!onPostgres()) return `sqlite://${this.databasePath}`;
    const name = `sala_e2e_${path.basename(this.dataDir).replace(/[^a-zA-Z0-9]/g, '_').toLowerCase()}`;
    const server = postgresServer();
    const exists = execFileSync('psql', [server, '-At', '-c', `SELECT 1 FROM pg_database WHERE datname = '${name}'`], { encoding: 'utf8' }).trim();
    if (exists !== '1') execFileSync('psql', [server, '-q', '-c', `CREATE DATABASE ${name}`]);
    return server.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`);
  }

  /** Runs a query on the server's database (the `sqlite3` or `psql` shell); its output, trimmed. */
  sql(query: string): string {
    if (onPostgres()) {
      return execFileSync('psql', [this.databaseUrl, '-At', '-c', query], { encoding: 'utf8' }).trim();
    }
    return execFileSync('sqlite3', [this.databasePath, query], { encoding: 'utf8' }).trim();
  }

  async start(): Promise<void> {
    const child = spawn(this.build.binary, [], {
      cwd: ROOT,
      env: {
        ...process.env,
        LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}`,
        LEPTOS_SITE_ROOT: this.build.site,
        DATABASE_URL: this.databaseUrl,
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

function onPostgres(): boolean {
  return process.env.SALA_E2E_BACKEND === 'postgres';
}

function postgresServer(): string {
  const url = process.env.SALA_TEST_POSTGRES_URL;
  if (!url) throw new Error('SALA_E2E_BACKEND=postgres needs SALA_TEST_POSTGRES_URL (scripts/test sets both)');
  return url;
}
