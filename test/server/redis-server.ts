// A real Redis for the tests: Debian's redis-server, started by the suite on a free loopback port with persistence
// off, stopped by its pid. It can be stopped and started again on the same port, to test Redis going away.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/**
 * Why the Redis tests cannot run here, or undefined when they can. Under CI=true a missing redis-server is not a
 * reason to skip: the tests run and fail, so a CI image without it cannot pass quietly.
 */
export function redisSkipReason(): string | undefined {
  if (existsSync(REDIS_SERVER_PATH) || process.env.CI === 'true') return undefined;
  return `${REDIS_SERVER_PATH} is not installed (apt-get install redis-server, or set REDIS_SERVER_PATH)`;
}

export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Stops it (SIGTERM to its pid) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, once stopped; resolves when it answers PING. */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that keeps its connections open but answers nothing. */
  pause(): void;
  resume(): void;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      reply += data.toString();
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
    socket.on('error', () => undefined);
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER_PATH)) {
    throw new Error(`${REDIS_SERVER_PATH} is not installed: apt-get install redis-server (CI=true needs it)`);
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  async function start(): Promise<void> {
    if (child !== undefined) throw new Error('redis-server is already running');
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ];
    const started = spawn(REDIS_SERVER_PATH, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child = started;
    let exited = false;
    started.once('exit', () => {
      exited = true;
    });
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (exited) throw new Error(`redis-server exited at start (port ${port})`);
      if (await answersPing(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('redis-server did not answer PING');
  }

  async function stop(): Promise<void> {
    const running = child;
    if (running === undefined) return;
    child = undefined;
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    process.kill(running.pid!, 'SIGCONT');
    process.kill(running.pid!, 'SIGTERM');
    await exited;
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    async stop() {
      await stop();
    },
    pause: () => child && process.kill(child.pid!, 'SIGSTOP'),
    resume: () => child && process.kill(child.pid!, 'SIGCONT'),
  };
}
