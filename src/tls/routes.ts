import { ADMINS, type ApiRouter, apiRouter, type RequireRole } from '../kit/router.js';
import { CertificateUpload } from './schema.js';
import type { TlsService } from './service.js';

export function tlsRoutes(service: TlsService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/certificate',
      {
        summary: 'The box TLS certificate: subject, names, fingerprint, validity',
        description:
          'Every signed-in user: the browser phone shows the fingerprint to compare when the certificate is not yet trusted.',
        access: 'signed-in',
      },
      () => service.info(),
    )
    .route(
      'put',
      '/certificate',
      {
        summary: "Replace the box TLS certificate with the customer's own (PEM certificate and key)",
        description:
          'The certificate (server certificate first, then its chain) must parse, be valid now and match the unencrypted key. The HTTPS listener serves it from the next connection on.',
        access: ADMINS,
        body: CertificateUpload,
      },
      ({ body, actor }) => service.upload(body, actor()),
    )
    .download(
      '/certificate.pem',
      {
        summary: 'The box TLS certificate as a file, to trust it on a computer by hand',
        access: 'signed-in',
        produces: 'application/x-pem-file',
      },
      async () => ({ filename: 'hotline-box.pem', body: await service.certificatePem() }),
    );
}
