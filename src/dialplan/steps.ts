/*
 * The dialplan vocabulary every domain that routes calls shares (seats,
 * queues, recordings, destinations): below all of them, importing none.
 */

/** One dialplan priority: ` same => n(label),app`. */
export interface DialplanStep {
  label?: string;
  app: string;
}

/** How long a seat rings before the caller's next step (a destination's fallback, a route's). */
export const SEAT_RING_SECONDS = 30;

/**
 * Dial() option "the calling party may transfer" (T), given only when the
 * calling channel is a seat's (endpoint set_var HOTLINE_SEAT): the desk's
 * attended transfer (AMI Atxfer) works through this DTMF feature, while an
 * outside caller dialling out (a blind-transferred call) never gets it.
 */
export const SEAT_CALLER_MAY_TRANSFER = `\${IF($["\${HOTLINE_SEAT}" != ""]?T)}`;

/**
 * Dial() option that logs the moment `seat` answers (extensions.conf
 * [hotline-answered], run on the answering channel): queue_log gets an
 * ANSWERED line for the call, with `queue` (a `qN` section) when a queue put
 * the call through itself. The calls builder starts talk time there.
 */
export const answeredOption = (seat: string, queue?: string): string =>
  `U(hotline-answered^${seat}${queue ? `^${queue}` : ''})`;
