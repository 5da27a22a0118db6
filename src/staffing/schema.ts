import { z } from 'zod';

const pct = (min: number, max: number, byDefault: number) =>
  z.coerce.number().min(min).max(max).default(byDefault);

/** A service-level target and occupancy cap, in percent as the console shows them. */
const Target = {
  serviceLevelPct: pct(1, 99.9, 80),
  targetSeconds: z.coerce.number().int().min(1).max(3600).optional(),
  maxOccupancyPct: pct(10, 100, 85),
};

export const ErlangQuery = z.strictObject({
  calls: z.coerce.number().min(0).max(1_000_000),
  intervalMinutes: z.coerce.number().int().min(1).max(1440).default(30),
  ahtSeconds: z.coerce.number().min(1).max(36_000),
  ...Target,
});
export type ErlangQuery = z.infer<typeof ErlangQuery>;

export const DayQuery = z.strictObject({
  queueId: z.coerce.number().int().positive(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
    .refine((d) => !Number.isNaN(new Date(`${d}T00:00:00`).getTime()), 'not a calendar date'),
  weeks: z.coerce.number().int().min(1).max(26).default(4),
  ...Target,
});
export type DayQuery = z.infer<typeof DayQuery>;

export interface StaffingSlot {
  /** Local start of the half hour, "HH:MM". */
  time: string;
  forecastCalls: number;
  forecastAhtSec: number | null;
  /** Agents Erlang C asks for; 0 when no calls are expected. */
  agentsNeeded: number;
  serviceLevelPct: number | null;
  occupancyPct: number | null;
  /** Mean agents of this queue logged in during the half hour; null for a day still ahead. */
  loggedIn: number | null;
}

export interface StaffingDay {
  queueId: number;
  date: string;
  weeks: number;
  /** The same weekdays the forecast averaged, oldest first. */
  sampledDates: string[];
  serviceLevelPct: number;
  targetSeconds: number;
  maxOccupancyPct: number;
  slots: StaffingSlot[];
}
