import { execFile } from 'node:child_process';

/**
 * systemd's notify protocol for hotlined.service (Type=notify, WatchdogSec):
 * READY=1 once the box serves, WATCHDOG=1 while the event loop turns.
 * Node has no unix datagram sockets, so each message goes through
 * `systemd-notify`, a child in the unit's cgroup (the unit says
 * NotifyAccess=all); systemd-notify waits until systemd has taken the
 * message, so it is not lost when the child exits first. Outside systemd
 * (no NOTIFY_SOCKET: tests, the dev rig) every call does nothing.
 */
export interface SdNotify {
  /** Service start-up finished: systemd marks the unit started (units ordered after it may start). */
  ready(): void;
  /** Service is stopping (systemd shows "deactivating" instead of a hung daemon). */
  stopping(): void;
  /** Stops the watchdog heartbeat. */
  close(): void;
}

/** Sends one message to the socket `env.NOTIFY_SOCKET` names. */
export type SendNotify = (message: string, env: NodeJS.ProcessEnv) => Promise<void>;

/** Sends one message with the system's systemd-notify (failures are the caller's to log). */
export const systemdNotify: SendNotify = (message, env) =>
  new Promise((resolve, reject) => {
    execFile('systemd-notify', [message], { env, timeout: 10_000 }, (err) => (err ? reject(err) : resolve()));
  });

export function createSdNotify(deps: {
  env?: NodeJS.ProcessEnv;
  pid?: number;
  send?: SendNotify;
  onError?: (err: Error, message: string) => void;
  setInterval?: (fn: () => void, ms: number) => { unref?(): void };
  clearInterval?: (timer: unknown) => void;
}): SdNotify {
  const env = deps.env ?? process.env;
  const pid = deps.pid ?? process.pid;
  const send = deps.send ?? systemdNotify;
  const every = deps.setInterval ?? setInterval;
  const clear = deps.clearInterval ?? ((t: unknown) => clearInterval(t as NodeJS.Timeout));
  const active = Boolean(env.NOTIFY_SOCKET);
  const post = (message: string) => {
    if (!active) return;
    send(message, env).catch((err: Error) => deps.onError?.(err, message));
  };

  let timer: unknown;
  // WATCHDOG_USEC is set when the unit has WatchdogSec=; WATCHDOG_PID names
  // the process it is meant for (not a child that inherited the environment).
  const usec = Number(env.WATCHDOG_USEC);
  const forUs = !env.WATCHDOG_PID || Number(env.WATCHDOG_PID) === pid;
  const watchdogMs = active && forUs && usec > 0 ? Math.max(1000, Math.floor(usec / 2000)) : 0;

  return {
    ready() {
      post('READY=1');
      if (watchdogMs && timer === undefined) {
        // half the timeout, as sd_watchdog_enabled(3) advises: one late ping is not fatal
        const t = every(() => post('WATCHDOG=1'), watchdogMs);
        t.unref?.();
        timer = t;
      }
    },
    stopping() {
      post('STOPPING=1');
    },
    close() {
      if (timer !== undefined) clear(timer);
      timer = undefined;
    },
  };
}
