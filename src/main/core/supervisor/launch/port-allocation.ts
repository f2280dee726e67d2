/**
 * A free port for a job's rendezvous: never 29500 (every trainer's default, and what a zombie of the
 * seed held), never a port recorded on any unfinished job (another host's jobs included: the queue
 * knows them), and free on the machine right now. A race lost after this check is what the
 * relaunch-once on EADDRINUSE covers.
 */
import getPort, { portNumbers } from 'get-port';

export const defaultTrainerPort = 29500;

export interface PortAllocationOptions {
  /** Ports recorded on jobs that are not finished. */
  reserved: Iterable<number>;
  /** The range to try first; outside it, any free port. */
  from?: number;
  to?: number;
  /** get-port, replaceable in tests. */
  find?: typeof getPort;
}

export async function allocatePort(options: PortAllocationOptions): Promise<number> {
  const find = options.find ?? getPort;
  const exclude = [defaultTrainerPort, ...options.reserved];
  const port = await find({ port: portNumbers(options.from ?? 29501, options.to ?? 29999), exclude });
  if (exclude.includes(port)) throw new Error(`get-port answered ${port}, which is reserved.`);
  return port;
}
