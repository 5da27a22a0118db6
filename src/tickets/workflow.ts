import { AppError } from '../errors.js';
import { STATUS_NAMES, type Status } from './schema.js';

/**
 * The 工单 workflow: 新建 → 处理中 → 待回访 → 已解决 → 已关闭, plus the ways
 * back a desk needs: a call-back that finds the problem unsolved (待回访 →
 * 处理中) and reopening a resolved ticket (已解决 → 处理中). A closed ticket
 * stays closed.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  new: ['in_progress'],
  in_progress: ['follow_up'],
  follow_up: ['resolved', 'in_progress'],
  resolved: ['closed', 'in_progress'],
  closed: [],
};

const canMove = (from: Status, to: Status) => TRANSITIONS[from].includes(to);

const named = (s: Status) => `${STATUS_NAMES[s]} ${s}`;

/** A 409 naming the refused transition and the allowed ones. */
export function checkTransition(from: Status, to: Status): void {
  if (from === to || canMove(from, to)) return;
  const allowed = TRANSITIONS[from];
  throw new AppError(
    'conflict',
    `status cannot go from ${named(from)} to ${named(to)}` +
      (allowed.length ? `; from ${named(from)} it goes to ${allowed.map(named).join(' or ')}` : ''),
    { field: 'status', details: { from, to, allowed } },
  );
}
