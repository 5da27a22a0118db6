import { z } from 'zod';
import { assertConfigValue } from '../asterisk/confgen-util.js';
import { Destination } from '../destinations/schema.js';
import { refuseEmergencyNumber } from '../dialplan/emergency.js';
import { RECORDING_POLICIES } from '../dialplan/recording.js';
import { listQuery } from '../kit/list.js';
import { unsafeTextAnd } from '../kit/text.js';

/** The app_queue strategies an admin may choose. */
export const STRATEGIES = ['ringall', 'leastrecent', 'fewestcalls', 'rrmemory', 'linear', 'wrandom'] as const;

/**
 * When callers may join / must leave a queue, as app_queue's joinempty /
 * leavewhenempty member-status lists:
 * - always: join even when nobody is logged in (never leave for that reason);
 * - loggedIn: someone must be logged in (paused counts);
 * - available: someone must be able to take a call now.
 */
export const EMPTY_RULES = ['always', 'loggedIn', 'available'] as const;

/** The keys a caller may press for a callback ('' = off); a single-digit extension of the exit context. */
export const CALLBACK_KEYS = ['', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

const UNSAFE_TEXT = unsafeTextAnd('"\\;<>$[]{}');

export const queueName = z
  .string()
  .trim()
  .min(1, 'name is required')
  .max(64, 'name may be at most 64 characters')
  .refine(
    (s) => !UNSAFE_TEXT.test(s),
    'name may not contain control characters or any of " \\ ; < > $ [ ] { }',
  );

/** The tunables that become the queue's section in queues.conf and its dialplan. */
export const QueueSettings = z.strictObject({
  strategy: z.enum(STRATEGIES).default('rrmemory'),
  /** Seconds a member's phone rings before the next one is tried. */
  ringTimeoutSeconds: z.number().int().min(5).max(120).default(15),
  /** Seconds after a call before the member is offered another. */
  wrapUpSeconds: z.number().int().min(0).max(600).default(5),
  /** Longest wait before the caller goes to the overflow destination; 0: no limit. */
  maxWaitSeconds: z.number().int().min(0).max(7200).default(300),
  /** Callers allowed to wait at once; 0: no limit. Beyond it callers go to the overflow. */
  maxCallers: z.number().int().min(0).max(1000).default(0),
  musicOnHold: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'music on hold class: lowercase letters, digits, _ and -')
    .default('default'),
  announcePosition: z.boolean().default(true),
  announceHoldTime: z.boolean().default(false),
  /** Seconds between position / expected-wait announcements. */
  announceEverySeconds: z.number().int().min(15).max(600).default(30),
  joinEmpty: z.enum(EMPTY_RULES).default('loggedIn'),
  leaveWhenEmpty: z.enum(EMPTY_RULES).default('loggedIn'),
  /** Pause a member after this many offers in a row it did not answer; 0: never. */
  autoPauseAfterMissed: z.number().int().min(0).max(10).default(3),
  /** A call answered within this many seconds counts toward the service level. */
  serviceLevelSeconds: z.number().int().min(5).max(600).default(20),
  /** always, never, or on_demand (*1 dialled by the agent during the call). */
  recording: z.enum(RECORDING_POLICIES).default('never'),
  /** Seconds a caller bound to a free agent rings that agent before joining the queue; 0: off. */
  boundAgentSeconds: z.number().int().min(0).max(120).default(15),
  /**
   * The key a waiting caller presses to hang up and be called back when their
   * turn comes (app_queue's exit-key `context`); '' switches callback off.
   */
  callbackKey: z.enum(CALLBACK_KEYS, { error: 'callbackKey must be one digit 0-9, or empty' }).default(''),
  /** Calls made for one callback before it is given up (not answered, not confirmed). */
  callbackAttempts: z.number().int().min(1).max(5).default(3),
  /** Seconds between two attempts of one callback. */
  callbackRetrySeconds: z.number().int().min(10).max(3600).default(120),
  /**
   * The prompt that offers the callback to waiting callers (app_queue's
   * periodic announcement, which the key interrupts); null: none is played.
   */
  callbackPromptId: z
    .number({ error: 'callbackPromptId must be a prompt id or null' })
    .int()
    .positive()
    .nullable()
    .default(null),
  /** Seconds between two offers of the callback. */
  callbackOfferEverySeconds: z.number().int().min(15).max(600).default(60),
});
export type QueueSettings = z.infer<typeof QueueSettings>;

type SettingsShape = typeof QueueSettings.shape;
/**
 * The same fields without their defaults, for PATCH: zod 4 applies a
 * field's default inside `.partial()`, which would reset every setting the
 * request did not name.
 */
export const QueueSettingsPatch = z.strictObject(
  Object.fromEntries(Object.entries(QueueSettings.shape).map(([k, v]) => [k, v.unwrap().optional()])) as {
    [K in keyof SettingsShape]: z.ZodOptional<ReturnType<SettingsShape[K]['unwrap']>>;
  },
);

/** Controls, line separators, bidi overrides and markup/quote characters never belong in a label. */
const UNSAFE_LABEL = unsafeTextAnd('<>"\'`\\{}');

/** A wrap-up disposition code an agent picks after a call (已解决, 需回访); shown, never sent to Asterisk. */
export const disposition = z
  .string({ error: 'a disposition must be a string' })
  .max(1024, 'a disposition may be at most 32 characters')
  .refine(
    (s) => !UNSAFE_LABEL.test(s),
    'a disposition may not contain control characters, quotes, < > { } or \\',
  )
  .trim()
  .min(1, 'a disposition may not be empty')
  .max(32, 'a disposition may be at most 32 characters');

export const dispositions = z
  .array(disposition, { error: 'dispositions must be a list' })
  .max(50, 'at most 50 dispositions')
  .refine((a) => new Set(a).size === a.length, 'dispositions must not repeat');

/** The placeholders a screen-pop URL template may hold, filled in (URL-encoded) per call. */
export const SCREEN_POP_PLACEHOLDERS = ['caller', 'did', 'queue', 'callId'] as const;
export type ScreenPopValues = Record<(typeof SCREEN_POP_PLACEHOLDERS)[number], string>;

/** The template with every placeholder replaced by `value` (encoded), or by each one's own value. */
export function fillScreenPop(template: string, values: ScreenPopValues | string): string {
  return template.replace(/\{(caller|did|queue|callId)\}/g, (_, k: keyof ScreenPopValues) =>
    encodeURIComponent(typeof values === 'string' ? values : values[k]),
  );
}

const UNSAFE_URL = unsafeTextAnd('<>"\'`\\');

/** Why a screen-pop template is refused, or null. */
function screenPopProblem(t: string): string | null {
  if (UNSAFE_URL.test(t) || /\s/.test(t))
    return 'screenPopUrl may not contain spaces, control characters, quotes, < > or \\';
  const rest = t.replace(/\{(caller|did|queue|callId)\}/g, '');
  if (/[{}]/.test(rest))
    return `screenPopUrl may hold only the placeholders ${SCREEN_POP_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
  let a: URL;
  let b: URL;
  try {
    a = new URL(fillScreenPop(t, 'x'));
    b = new URL(fillScreenPop(t, '1'));
  } catch {
    return 'screenPopUrl must be an http or https URL';
  }
  if ((a.protocol !== 'http:' && a.protocol !== 'https:') || a.hostname === '')
    return 'screenPopUrl must be an http or https URL';
  if (a.origin !== b.origin || a.username !== b.username || a.password !== b.password)
    return 'placeholders may appear only in the path, query or fragment of screenPopUrl';
  if (a.username !== '' || a.password !== '') return 'screenPopUrl may not carry credentials';
  return null;
}

/** A CRM page opened in a new tab for each call (`https://crm.example/find?tel={caller}`); null for none. */
export const screenPopUrl = z
  .string({ error: 'screenPopUrl must be a string or null' })
  .max(2048, 'screenPopUrl may be at most 2048 characters')
  .superRefine((s, ctx) => {
    const problem = screenPopProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .nullable();

const queueNumber = z
  .string()
  .regex(/^[0-9]{2,8}$/, 'number must be 2 to 8 digits')
  .superRefine(refuseEmergencyNumber);

export const QueueCreate = z.strictObject({
  name: queueName,
  /** Dialled by seats to reach the queue; optional. */
  number: queueNumber.nullable().default(null),
  settings: QueueSettings.prefault({}),
  /** Where callers go when the queue is full, empty by its rules, or the wait is too long. */
  overflow: Destination.default({ type: 'hangup' }),
  /** Wrap-up codes agents pick after a call of this queue (the desk). */
  dispositions: dispositions.default([]),
  screenPopUrl: screenPopUrl.default(null),
});
export type QueueCreate = z.infer<typeof QueueCreate>;

export const QueueUpdate = z.strictObject({
  name: queueName.optional(),
  number: queueNumber.nullable().optional(),
  settings: QueueSettingsPatch.optional(),
  overflow: Destination.optional(),
  dispositions: dispositions.optional(),
  screenPopUrl: screenPopUrl.optional(),
});
export type QueueUpdate = z.infer<typeof QueueUpdate>;

/** GET /queues: search matches name and number. */
export const QueueListQuery = listQuery(['id', 'name', 'number']);
export type QueueListQuery = z.output<typeof QueueListQuery>;
export type QueueSortKey = NonNullable<QueueListQuery['sort']>;

export interface Queue {
  id: number;
  name: string;
  number: string | null;
  settings: QueueSettings;
  overflow: Destination;
  dispositions: string[];
  screenPopUrl: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The app_queue section of a queue (its name in AMI events and queue_log). */
export const queueSection = (id: number) => assertConfigValue(`q${id}`, /^q[1-9][0-9]{0,9}$/);

/** The other way: the queue id of an app_queue section (`q12` → 12), null for any other section. */
export const queueIdOfSection = (section: string | null): number | null => {
  const n = section ? /^q([1-9][0-9]{0,9})$/.exec(section) : null;
  return n ? Number(n[1]) : null;
};
