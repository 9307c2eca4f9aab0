// Starts server instances (instance.ts) in child processes and talks to them over HTTP, as a load balancer would.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { InstanceConfig, InstanceStats } from './instance.js';

export interface Instance {
  /** `http://127.0.0.1:<port>` */
  url: string;
  pid: number;
  stats(): Promise<InstanceStats>;
  /** Stops the process by its pid and waits for it to exit. */
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL('./instance.ts', import.meta.url));

/** `exposeGc`: a full garbage collection before each `stats()`, so memory figures count what is kept, not garbage. */
export async function startInstance(config: InstanceConfig, { exposeGc = false } = {}): Promise<Instance> {
  const execArgv = ['--import', 'tsx', ...(exposeGc ? ['--expose-gc'] : [])];
  const child = fork(script, [JSON.stringify(config)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the instance exited with ${code} before listening`)));
    child.on('message', (message: { port?: number }) => {
      if (typeof message.port === 'number') resolve(message.port);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stats: () =>
      new Promise((resolve) => {
        const listen = (message: { stats?: InstanceStats }) => {
          if (message.stats === undefined) return;
          child.off('message', listen);
          resolve(message.stats);
        };
        child.on('message', listen);
        child.send('stats');
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
      await exited;
    },
  };
}
