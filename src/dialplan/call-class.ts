/**
 * What a seat may dial out to, enforced in dialplan by the outbound routes.
 * International is never the default (toll fraud happens on weekends).
 */
export const CALL_CLASSES = ['internal', 'local', 'national', 'international'] as const;
export type CallClass = (typeof CALL_CLASSES)[number];
/** The dialplan compares classes as numbers: internal 0 … international 3. */
export const callClassRank = (c: CallClass): number => CALL_CLASSES.indexOf(c);
