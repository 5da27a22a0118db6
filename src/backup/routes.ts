import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { actorOf } from '../http/request.js';
import { ADMINS, type ApiRouter, apiRouter, attachmentHeader, type RequireRole } from '../kit/router.js';
import { ArchiveName, BackupSettingsInput, CreateBackup, RestoreBackup } from './schema.js';
import type { BackupService } from './service.js';

const nameOf = (params: Request['params']) => ArchiveName.parse(params.name);

/** Every backup route is for admins: an archive is the whole box. */
export function backupRoutes(
  service: BackupService,
  requireRole: RequireRole,
  makeBundle: () => Readable,
): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/archives',
      { summary: 'Backup archives on the data disk and the schedule target', access: ADMINS },
      () => ({
        items: service.list(),
      }),
    )
    .route(
      'post',
      '/archives',
      {
        summary: 'Take a backup now',
        description:
          'The database (SQLite online backup: consistent while calls run), prompts, voicemail, optionally recordings, the TLS key, ticket attachments, the Asterisk config and the AMI/ARI secrets, encrypted with the passphrase (scrypt, AES-256-GCM). Keep the passphrase: without it the archive cannot be restored.',
        access: ADMINS,
        body: CreateBackup,
        status: 201,
      },
      ({ body, actor }) => service.create(body, actor()),
    )
    .raw(
      'post',
      '/archives/upload',
      {
        summary: 'Upload a backup archive (the raw .tar.gz as the body) to restore it',
        access: ADMINS,
        body: {
          mediaTypes: ['application/gzip', 'application/octet-stream'],
          description: 'A backup archive',
        },
        status: 201,
      },
      async (req, res, next) => {
        try {
          res.status(201).json(await service.upload(req, actorOf(req)));
        } catch (err) {
          next(err);
        }
      },
    )
    .raw(
      'get',
      '/archives/:name/download',
      { summary: 'Download a backup archive', access: ADMINS, produces: 'application/gzip' },
      async (req, res, next) => {
        try {
          const file = service.file(nameOf(req.params));
          res.set('Content-Type', 'application/gzip');
          res.set('Content-Disposition', attachmentHeader(path.basename(file)));
          await pipeline(createReadStream(file), res);
        } catch (err) {
          if (!res.headersSent) next(err);
          else res.destroy();
        }
      },
    )
    .route(
      'delete',
      '/archives/:name',
      { summary: 'Delete a backup archive', access: ADMINS, status: 204 },
      ({ req, actor }) => service.remove(nameOf(req.params), actor()),
    )
    .route(
      'post',
      '/archives/:name/restore',
      {
        summary: 'Restore a backup: check it whole, stage it, restart hotlined to swap it in',
        description:
          'Refused with 409 when the backup comes from a newer schema, 400 (`passphrase`) for a wrong passphrase, 400 (`archive`) when a checksum does not match. Nothing is changed until the whole archive has been checked; hotlined then restarts, swaps the staged data in, runs migrations and regenerates the Asterisk config.',
        access: ADMINS,
        body: RestoreBackup,
        status: 202,
      },
      ({ req, body, actor }) => service.restore(nameOf(req.params), body.passphrase, actor()),
    )
    .route('get', '/settings', { summary: 'The daily backup schedule', access: ADMINS }, () =>
      service.settings(),
    )
    .route(
      'put',
      '/settings',
      {
        summary:
          'Change the daily backup schedule (time, target folder, archives kept, recordings, passphrase)',
        access: ADMINS,
        body: BackupSettingsInput,
      },
      ({ body, actor }) => service.updateSettings(body, actor()),
    )
    .raw(
      'get',
      '/support-bundle',
      {
        summary:
          "A support bundle for a vendor's engineer: versions, health, logs, redacted settings and config",
        access: ADMINS,
        produces: 'application/gzip',
      },
      async (req, res) => {
        const stamp = new Date()
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d+Z$/, 'Z');
        res.set('Content-Type', 'application/gzip');
        res.set('Content-Disposition', attachmentHeader(`hotline-support-${stamp}.tar.gz`));
        service.bundleTaken(actorOf(req));
        await pipeline(makeBundle(), res).catch(() => res.destroy());
      },
    );
}
