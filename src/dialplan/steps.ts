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
