/** The box's local wall time (the daemon's time zone) as people read it in reports and exports. */
const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD`. */
export const localDate = (d: Date): string =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** `YYYY-MM-DD HH:MM`, or with `:SS` when `seconds`. */
export const localDateTime = (d: Date, seconds = false): string =>
  `${localDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;

/** `YYYY-MM`. */
export const localMonth = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
