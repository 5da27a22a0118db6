import { z } from 'zod';

/** A release bundle (tar): manifest.json, then manifest.sig, then the root filesystem image. */
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';
export const ROOTFS = 'rootfs.img';
export const FORMAT = 'hotline-upgrade/1';

const Version = z.string().regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/, { message: 'must be MAJOR.MINOR.PATCH' });

export const UpgradeManifest = z
  .object({
    format: z.literal(FORMAT),
    version: Version,
    /** The highest migration of the hotlined inside: never older than the box's. */
    schemaVersion: z.number().int().positive(),
    createdAt: z.string(),
    rootfs: z.object({
      file: z.literal(ROOTFS),
      size: z.number().int().positive(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  })
  .strict();
export type UpgradeManifest = z.infer<typeof UpgradeManifest>;

/** -1, 0 or 1 as `a` is older, the same or newer than `b` (MAJOR.MINOR.PATCH). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}
