// Running the example apps as a user would: each command in its own process group, so stopping it by its pid
// (the negative pid: the group) also stops what it started (npm → sh → node, next → its workers).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Run {
  /** Exit code (or the signal's name) and the last lines of output, for failure messages. */
  status: number | string;
  output: string;
}

const OUTPUT_TAIL = 4000;

/** Runs a command to its end in its own process group. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ status: code ?? signal ?? 'unknown', output }));
  });
}

export async function mustRun(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  const result = await run(command, args, options);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}) in ${options.cwd}:\n${result.output}`);
  return result.output;
}

export interface Server {
  origin: string;
  /** Everything the server printed so far (the tail). */
  output(): string;
  stop(): Promise<void>;
}

/** A free loopback port; the small race until the server binds it is acceptable in a test. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
    // A server that ignores SIGTERM gets SIGKILL; unref'd so it never holds the test process open.
    setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000).unref();
  });
}

/**
 * Starts a long-running server and waits until `readyPath` answers (any HTTP status), polling; fails with the
 * server's output if it exits first or is not up within `startupLimitMs`.
 */
export async function startServer(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; port: number; readyPath?: string; startupLimitMs?: number },
): Promise<Server> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const origin = `http://127.0.0.1:${options.port}`;
  const server = { origin, output: () => output, stop: () => stopGroup(child) };
  const deadline = Date.now() + (options.startupLimitMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${command} ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`,
      );
    }
    try {
      await fetch(origin + (options.readyPath ?? '/'), { signal: AbortSignal.timeout(2000) });
      return server;
    } catch {
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`${command} ${args.join(' ')} did not answer on ${origin}:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}
