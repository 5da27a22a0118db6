import { z } from 'zod';

/** A PEM text: generous for a chain of several certificates, bounded all the same. */
const pem = (field: string) =>
  z
    .string({ error: `${field} must be PEM text` })
    .min(1, `${field} is required`)
    .max(65_536, `${field} may be at most 64 kB`);

/** The customer's own certificate (server certificate first, then its chain) and its unencrypted key. */
export const CertificateUpload = z.strictObject({
  cert: pem('cert'),
  key: pem('key'),
});
export type CertificateUpload = z.infer<typeof CertificateUpload>;
