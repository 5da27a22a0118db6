import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SECRET_MODE, tightenMode } from './fs/modes.js';

/**
 * Where things live and how to reach Asterisk. Defaults are the appliance's
 * paths; /etc/hotline/hotline.json (or $HOTLINE_CONFIG) overrides them, and is
 * where first-boot setup stores the per-install AMI/ARI secrets.
 */
const SettingsSchema = z.object({
  dataDir: z.string().default('/var/lib/hotline'),
  dbPath: z.string().optional(),
  http: z
    .object({
      host: z.string().default('0.0.0.0'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** Set when a TLS proxy fronts hotlined, so cookies get the Secure flag. */
      secureCookies: z.boolean().default(false),
      /**
       * The appliance: plain HTTP only redirects to the HTTPS listener (the
       * console and its cookies never travel in clear). Needs https.enabled.
       */
      redirectToHttps: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * The console, the API and the browser phones' SIP websocket (/ws, passed
   * on to Asterisk on loopback) over TLS with the box's certificate: a
   * browser gives a page the microphone only in a secure context.
   */
  https: z
    .object({
      enabled: z.boolean().default(true),
      host: z.string().default('0.0.0.0'),
      port: z.number().int().min(0).max(65535).default(8443),
    })
    .prefault({}),
  customers: z
    .object({
      /**
       * The CRM webhook may target loopback, link-local and this box's own
       * addresses (off: they lead to ARI, the console, a metadata service).
       * Only in this file, so a console login cannot turn it on.
       */
      webhookAllowLocal: z.boolean().default(false),
    })
    .prefault({}),
  notify: z
    .object({
      /**
       * A rule's webhook may target link-local (the cloud metadata service),
       * loopback and this box's own addresses. Only in this file.
       */
      webhookAllowLocal: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * The brute-force guard's packet filter: bans go into the sets banned4 and
   * banned6 of this nftables table (appliance/nftables.conf defines them).
   */
  guard: z
    .object({
      nft: z
        .object({
          enabled: z.boolean().default(true),
          family: z.enum(['inet', 'ip', 'ip6']).default('inet'),
          table: z
            .string()
            .regex(/^[a-z][a-z0-9_]{0,31}$/)
            .default('hotline'),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Where the host settings (host name, network, time) go: `files` writes
   * them under `root` (default <dataDir>/host-root) and changes nothing on
   * the machine, for development; `system` hands them to the appliance's
   * root helper (hotline-host-apply), which first boot turns on.
   */
  host: z
    .object({
      applier: z
        .enum(['files', 'system'], { error: 'host.applier must be files or system' })
        .default('files'),
      root: z.string().optional(),
    })
    .prefault({}),
  /** Backups: where scheduled and uploaded archives are kept (default <dataDir>/backups). */
  backup: z.object({ dir: z.string().optional() }).prefault({}),
  /**
   * How IVR trees run: `dialplan` compiles every tree that needs no live
   * query into plain dialplan (callers never wait on hotlined); `stasis`
   * walks every tree in hotlined's Stasis app. Env HOTLINE_IVR_ENGINE wins.
   */
  ivr: z
    .object({
      engine: z
        .enum(['dialplan', 'stasis'], { error: 'ivr.engine must be dialplan or stasis' })
        .default('dialplan'),
    })
    .prefault({}),
  asterisk: z.object({
    /** Asterisk's config dir as seen by hotlined; generated files go to <confDir>/hotline. */
    confDir: z.string().default('/etc/asterisk'),
    /** The SQLite spool cdr_sqlite3_custom writes (Asterisk's log dir + master.db). */
    cdrSpool: z.string().default('/var/log/asterisk/master.db'),
    queueLog: z.string().default('/var/log/asterisk/queue_log'),
    /**
     * Where Asterisk's filesystem starts as seen by hotlined: '/' on the
     * appliance, the rig's chroot in development. spoolDir and promptDir are
     * paths as Asterisk sees them (they go into dialplan); hotlined reaches
     * them under this root (hostPath).
     */
    root: z.string().default('/'),
    /** Asterisk's spool (voicemail lives in <spoolDir>/voicemail). */
    spoolDir: z.string().default('/var/spool/asterisk'),
    /** Converted prompts, played by Asterisk from here. */
    promptDir: z.string().default('/var/lib/asterisk/sounds/hotline'),
    ami: z.object({
      host: z.literal('127.0.0.1').default('127.0.0.1'),
      port: z.number().int().default(5038),
      username: z.string().default('hotlined'),
      secret: z.string().min(16),
    }),
    ari: z.object({
      url: z.string().default('http://127.0.0.1:8088'),
      username: z.string().default('hotlined'),
      password: z.string().min(16),
      app: z.string().default('hotline'),
    }),
  }),
});

export type Settings = z.infer<typeof SettingsSchema> & { dbPath: string; generatedDir: string };

export function parseSettings(raw: unknown): Settings {
  const s = SettingsSchema.parse(raw);
  return {
    ...s,
    dbPath: s.dbPath ?? path.join(s.dataDir, 'hotline.db'),
    generatedDir: path.join(s.asterisk.confDir, 'hotline'),
  };
}

/** Host path of a path as Asterisk sees it (the rig runs Asterisk in a chroot). */
export function hostPath(settings: Settings, asteriskPath: string): string {
  return path.join(settings.asterisk.root, asteriskPath);
}

export function loadSettings(env = process.env): Settings {
  const file = env.HOTLINE_CONFIG ?? '/etc/hotline/hotline.json';
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read settings from ${file}: ${(err as Error).message}`);
  }
  // the AMI/ARI secrets: an older install or a copied file may be world-readable
  tightenMode(file, SECRET_MODE);
  if (env.HOTLINE_HTTP_PORT) {
    raw.http = { ...(raw.http as object), port: Number(env.HOTLINE_HTTP_PORT) };
  }
  if (env.HOTLINE_DB) raw.dbPath = env.HOTLINE_DB;
  if (env.HOTLINE_IVR_ENGINE) raw.ivr = { ...(raw.ivr as object), engine: env.HOTLINE_IVR_ENGINE };
  return parseSettings(raw);
}
