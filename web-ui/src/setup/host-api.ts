import { get } from '../api/client';

/** GET /host (src/host/service.ts). */
export type Network =
  | { mode: 'dhcp' }
  | { mode: 'static'; interface: string; address: string; prefix: number; gateway: string; dns: string[] };

export interface HostView {
  hostname: string;
  network: Network;
  timezone: string;
  ntp: string[];
  applier: 'system' | 'files';
  root?: string;
  interfaces: { name: string; mac: string; addresses: string[] }[];
  wizardCompleted: boolean;
  pending: {
    previous: Network;
    next: Network;
    deadline: string;
    secondsLeft: number;
    confirmFrom: string | null;
  } | null;
  lastRevert: { at: string; network: Network } | null;
}

export const getHost = () => get<HostView>('/host');
