/**
 * What ./scripts/call needs from a running ./scripts/start: the rig carrier's
 * AMI (port and credentials), in a 0600 file of the data directory that the
 * launcher removes when it stops.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface StartState {
  /** The launcher's pid: the file is stale once it is gone. */
  pid: number;
  carrier: { ports: { ami: number }; ami: { username: string; secret: string } };
}

const stateFile = (dataDir: string) => path.join(dataDir, 'dev-start.json');

/** Writes the file; returns what removes it. */
export function writeStartState(dataDir: string, carrier: StartState['carrier']): () => void {
  const file = stateFile(dataDir);
  const state: StartState = {
    pid: process.pid,
    carrier: { ports: { ami: carrier.ports.ami }, ami: carrier.ami },
  };
  writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

/** The running launcher's state, or an error that says how to get one. */
export function readStartState(dataDir: string): StartState {
  const file = stateFile(dataDir);
  const notRunning = new Error(`./scripts/start is not running on ${dataDir} (start it first)`);
  if (!existsSync(file)) throw notRunning;
  const state = JSON.parse(readFileSync(file, 'utf8')) as StartState;
  try {
    process.kill(state.pid, 0);
  } catch {
    throw notRunning;
  }
  return state;
}
