import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** firmware-config/asterisk in the repo, seen from dist/src/asterisk/. */
export const BASE_CONFIG_DIR = fileURLToPath(new URL('../../../firmware-config/asterisk/', import.meta.url));

const path = z.string().regex(/^\/[A-Za-z0-9_./-]*$/, 'absolute path of safe characters');
const port = z.number().int().min(1).max(65535);
const secret = z.string().regex(/^[A-Za-z0-9]{24,128}$/, '24+ alphanumerics');
const name = z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/);

/** Everything that differs between installs (or between rig instances). */
export const BaseConfigVars = z.object({
  ETC_DIR: path,
  MOD_DIR: path,
  LIB_DIR: path,
  DATA_DIR: path,
  SPOOL_DIR: path,
  RUN_DIR: path,
  LOG_DIR: path,
  AMI_PORT: port,
  AMI_USER: name,
  AMI_SECRET: secret,
  HTTP_PORT: port,
  ARI_USER: name,
  ARI_PASSWORD: secret,
  SIP_BIND: z.ipv4(),
  SIP_PORT: port,
  RTP_START: port,
  RTP_END: port,
});
export type BaseConfigVars = z.infer<typeof BaseConfigVars>;

/**
 * Renders the shipped base configuration for one install. Values are
 * validated first, so nothing outside these patterns can reach a file.
 * Pure: templates in, file texts out.
 */
export function renderBaseConfig(templates: Map<string, string>, raw: BaseConfigVars): Map<string, string> {
  const vars = BaseConfigVars.parse(raw) as Record<string, string | number>;
  const out = new Map<string, string>();
  for (const [file, text] of templates) {
    out.set(
      file,
      text.replace(/\{\{([A-Z_]+)\}\}/g, (_m, key: string) => {
        const v = vars[key];
        if (v === undefined) throw new Error(`${file}: unknown placeholder {{${key}}}`);
        return String(v);
      }),
    );
  }
  return out;
}

/** Asterisk's directories on the appliance (Debian's packaging). */
export const DEBIAN_DIRS = {
  ETC_DIR: '/etc/asterisk',
  MOD_DIR: '/usr/lib/x86_64-linux-gnu/asterisk/modules',
  LIB_DIR: '/var/lib/asterisk',
  DATA_DIR: '/usr/share/asterisk',
  SPOOL_DIR: '/var/spool/asterisk',
  RUN_DIR: '/var/run/asterisk',
  LOG_DIR: '/var/log/asterisk',
};

export function readBaseTemplates(dir = BASE_CONFIG_DIR): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith('.conf')) out.set(f, readFileSync(`${dir}/${f}`, 'utf8'));
  }
  return out;
}
