import { z } from 'zod';

/** The archive's first member: what it is and how it is locked (never encrypted, no secret in it). */
export const MANIFEST = 'manifest.json';
/** The archive's last member: each member's checksum and its encryption's IV and tag. */
export const CHECKSUMS = 'checksums.json';
export const FORMAT = 1;

const Sealed = z.object({ iv: z.string(), tag: z.string(), data: z.string() });

export const Manifest = z.object({
  format: z.literal(FORMAT),
  hotlineVersion: z.string(),
  /** The highest migration of the database inside (a restore refuses a newer one). */
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  hostname: z.string(),
  includeRecordings: z.boolean(),
  kdf: z.object({
    name: z.literal('scrypt'),
    salt: z.string(),
    N: z.number().int(),
    r: z.number().int(),
    p: z.number().int(),
  }),
  check: Sealed,
  /** The file trees inside (files/<tree>/...). */
  trees: z.array(z.string()),
});
export type Manifest = z.infer<typeof Manifest>;

export const MemberSum = z.object({
  name: z.string(),
  size: z.number().int().nonnegative(),
  /** sha256 of the member as stored (encrypted). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  iv: z.string(),
  tag: z.string(),
});
export type MemberSum = z.infer<typeof MemberSum>;

export const Checksums = z.object({
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  members: z.array(MemberSum),
});
export type Checksums = z.infer<typeof Checksums>;

/** Members other than the two JSON files: the database, the secrets, files of a tree. */
export const MEMBER_NAME = /^(db\/hotline\.db|secrets\.json|files\/[a-z-]+\/[^\0]+)$/;

/** A member's path is relative and stays inside its folder (no `..`, no absolute path, no empty part). */
export function safeMemberName(name: string): boolean {
  if (!MEMBER_NAME.test(name) || name.length > 1000) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
