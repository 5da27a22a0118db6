/**
 * The box for queues and agents API tests: built as hotlined builds it, with
 * these seats, on a real SQLite file and an AMI that is never connected (files
 * are written, reloads deferred, every AMI action fails as while down).
 */

import type { Api } from '../../dev/api-client.js';
import type { Bus } from '../../src/bus.js';
import type { Hotline } from '../../src/hotline.js';
import { startTestBox } from './box.js';

export interface QueuesApp {
  url: string;
  /** Logged in as the first admin. */
  api: Api;
  bus: Bus;
  agents: Hotline['services']['agents'];
  /** A generated file's text, or null when it was never written. */
  file(name: string): string | null;
  /** Creates a user with `role` through the API, linked to `seat` when given; returns a logged-in client. */
  userApi(username: string, role: 'admin' | 'supervisor' | 'agent', seat?: string): Promise<Api>;
  close(): Promise<void>;
}

export async function startQueuesApp(seats: string[]): Promise<QueuesApp> {
  const box = await startTestBox({ seats });
  const { url, api, file, userApi, close } = box;
  return { url, api, bus: box.hotline.bus, agents: box.hotline.services.agents, file, userApi, close };
}
