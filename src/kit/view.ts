/** Epoch milliseconds as the API shows a time: ISO 8601, UTC. */
export const iso = (ms: number) => new Date(ms).toISOString();

interface Stamped {
  createdAt: number;
  updatedAt: number;
}

/** A record as the API shows it: its creation and change times in ISO 8601. */
export type WithIsoTimes<T extends Stamped> = Omit<T, keyof Stamped> & {
  createdAt: string;
  updatedAt: string;
};

export const withIsoTimes = <T extends Stamped>(r: T): WithIsoTimes<T> => ({
  ...r,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});
