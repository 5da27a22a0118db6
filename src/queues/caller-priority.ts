import type { Ami } from '../asterisk/ami.js';
import type { Logger } from '../log.js';
import { BOUND_FAMILY, VIP_FAMILY } from './confgen.js';

export interface CallerPriorities {
  callerPriorities(): { number: string; vip: number; boundAgent: string | null }[];
}

const NUMBER = /^[0-9]{3,20}$/;
const EXTENSION = /^[0-9]{2,8}$/;

/**
 * Keeps the AstDB families the queue dialplan reads (VIP level and bound
 * agent by caller number) in step with the customer records, so VIP
 * priority and bound agents work for callers who reach a queue without an
 * IVR lookup, and while hotlined is down. Rewritten whole (debounced) after
 * changes and after every (re)connect: the database is the truth.
 */
export function createCallerPrioritySync(deps: { ami: Ami; source: CallerPriorities; log: Logger }) {
  const { ami, source } = deps;
  const log = deps.log.child({ component: 'caller-priority' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const syncNow = async () => {
    const rows = source.callerPriorities().filter((r) => NUMBER.test(r.number));
    await Promise.all(
      [VIP_FAMILY, BOUND_FAMILY].map((f) => ami.action('DBDelTree', { Family: f }).catch(() => undefined)),
    );
    // a value the customer schema should have refused is skipped, not allowed to fail everyone's sync
    for (const r of rows) {
      if (Number.isInteger(r.vip) && r.vip > 0 && r.vip <= 9)
        await ami.action('DBPut', { Family: VIP_FAMILY, Key: r.number, Val: String(r.vip) });
      if (r.boundAgent !== null && EXTENSION.test(r.boundAgent))
        await ami.action('DBPut', { Family: BOUND_FAMILY, Key: r.number, Val: r.boundAgent });
    }
    log.info({ numbers: rows.length }, 'caller priorities written to AstDB');
  };

  const sync = () => {
    running = running
      .then(syncNow)
      .catch((err) => log.warn({ err }, 'caller priorities not written (retried on reconnect)'));
    return running;
  };

  return {
    sync,
    /** After a customer change: one sync for a burst of changes. */
    schedule(delayMs = 300) {
      clearTimeout(timer);
      timer = setTimeout(() => void sync(), delayMs);
    },
    stop: () => clearTimeout(timer),
  };
}
