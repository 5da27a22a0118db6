#!/usr/bin/env node
/**
 * First-boot setup on the appliance (appliance/hotline-firstboot.service):
 * generates this install's AMI and ARI secrets, writes
 * /etc/hotline/hotline.json, and renders the shipped base Asterisk
 * configuration into /etc/asterisk. Idempotent: an existing settings file
 * keeps its secrets, so running it again only refreshes the base files.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEBIAN_DIRS, readBaseTemplates, renderBaseConfig } from './asterisk/base-config.js';
import { baseFileMode, SECRET_MODE } from './fs/modes.js';
import { randomSecret } from './secrets.js';

function main() {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', default: '/etc/hotline/hotline.json' },
      'asterisk-etc': { type: 'string', default: DEBIAN_DIRS.ETC_DIR },
      'sip-bind': { type: 'string', default: '0.0.0.0' },
      // the appliance: the console on 443, plain HTTP on 80 only redirects there
      'https-port': { type: 'string' },
      'http-port': { type: 'string' },
      'redirect-http': { type: 'boolean', default: false },
      // the appliance: host name, network and time go to the system through hotline-host-apply
      'host-system': { type: 'boolean', default: false },
    },
  });
  const settingsFile = values.config;
  const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
  settings.asterisk ??= {};
  settings.asterisk.ami ??= { port: 5038, username: 'hotlined', secret: randomSecret() };
  settings.asterisk.ari ??= { url: 'http://127.0.0.1:8088', username: 'hotlined', password: randomSecret() };
  if (values['https-port']) settings.https = { ...settings.https, port: port(values['https-port']) };
  if (values['http-port']) settings.http = { ...settings.http, port: port(values['http-port']) };
  if (values['redirect-http']) settings.http = { ...settings.http, redirectToHttps: true };
  if (values['host-system']) settings.host = { ...settings.host, applier: 'system' };
  mkdirSync(path.dirname(settingsFile), { recursive: true });
  // in place (its owner, hotline, stays); the mode option only applies to a new file
  writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`, { mode: SECRET_MODE });
  chmodSync(settingsFile, SECRET_MODE);

  const files = renderBaseConfig(readBaseTemplates(), {
    ...DEBIAN_DIRS,
    ETC_DIR: values['asterisk-etc'],
    AMI_PORT: settings.asterisk.ami.port,
    AMI_USER: settings.asterisk.ami.username,
    AMI_SECRET: settings.asterisk.ami.secret,
    HTTP_PORT: Number(new URL(settings.asterisk.ari.url).port || 8088),
    ARI_USER: settings.asterisk.ari.username,
    ARI_PASSWORD: settings.asterisk.ari.password,
    SIP_BIND: values['sip-bind'],
    SIP_PORT: 5060,
    RTP_START: 10000,
    RTP_END: 20000,
  });
  mkdirSync(path.join(values['asterisk-etc'], 'hotline'), { recursive: true });
  for (const [name, text] of files) {
    // manager.conf and ari.conf hold secrets: not world-readable (an older install's 0644 is fixed too)
    const target = path.join(values['asterisk-etc'], name);
    writeFileSync(target, text, { mode: baseFileMode(name) });
    chmodSync(target, baseFileMode(name));
  }
  console.log(
    `hotline setup: ${files.size} base files in ${values['asterisk-etc']}, settings in ${settingsFile}`,
  );
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`not a port number: ${text}`);
  return n;
}

main();
