import { readFileSync } from 'node:fs';
import t from 'tap';
import {
  BASE_CONFIG_DIR,
  DEBIAN_DIRS,
  readBaseTemplates,
  renderBaseConfig,
} from '../../src/asterisk/base-config.js';

const vars = {
  ...DEBIAN_DIRS,
  AMI_PORT: 5038,
  AMI_USER: 'hotlined',
  AMI_SECRET: 'a'.repeat(32),
  HTTP_PORT: 8088,
  ARI_USER: 'hotlined',
  ARI_PASSWORD: 'b'.repeat(32),
  SIP_BIND: '0.0.0.0',
  SIP_PORT: 5060,
  RTP_START: 10000,
  RTP_END: 20000,
};

t.test('every placeholder of the shipped configuration is filled', async (t) => {
  const files = renderBaseConfig(readBaseTemplates(), vars);
  t.ok(files.size >= 10);
  for (const [name, text] of files) t.notMatch(text, /\{\{/, `${name} has no placeholder left`);
});

t.test('AMI and ARI listen on loopback only, with the install secrets', async (t) => {
  const files = renderBaseConfig(readBaseTemplates(), vars);
  t.match(files.get('manager.conf'), /^bindaddr = 127\.0\.0\.1$/m);
  t.match(files.get('manager.conf'), /^permit = 127\.0\.0\.1\/255\.255\.255\.255$/m);
  t.match(files.get('manager.conf'), new RegExp(`^secret = ${'a'.repeat(32)}$`, 'm'));
  t.match(files.get('http.conf'), /^bindaddr = 127\.0\.0\.1$/m);
  t.match(files.get('ari.conf'), new RegExp(`^password = ${'b'.repeat(32)}$`, 'm'));
  t.match(files.get('ari.conf'), /^websocket_write_timeout = 5000$/m);
});

t.test(
  'browser phones: a websocket transport, DTLS-SRTP and Opus loaded, Asterisk HTTP still loopback only',
  async (t) => {
    const files = renderBaseConfig(readBaseTemplates(), vars);
    t.match(files.get('pjsip.conf'), /^\[transport-ws\]\ntype = transport\nprotocol = ws$/m);
    for (const mod of [
      'res_http_websocket',
      'res_pjsip_transport_websocket',
      'res_srtp',
      'codec_opus_open_source',
    ])
      t.match(files.get('modules.conf'), new RegExp(`^load => ${mod}\\.so$`, 'm'), mod);
    // TLS ends at hotlined: Asterisk's HTTP server (and ARI on it) never listens beyond loopback
    t.notMatch(files.get('http.conf'), /tls/i);
    t.match(files.get('rtp.conf'), /^icesupport = yes$/m);
    t.notMatch(files.get('rtp.conf'), /^(stunaddr|turnaddr)\b/m);
  },
);

t.test('no secret is committed in the templates', async (t) => {
  for (const name of ['manager.conf', 'ari.conf']) {
    const text = readFileSync(`${BASE_CONFIG_DIR}/${name}`, 'utf8');
    t.notMatch(text, /^(secret|password) = (?!\{\{)/m, `${name} carries only placeholders`);
  }
});

t.test('values that could inject config are refused before rendering', async (t) => {
  const bad: [string, unknown][] = [
    ['AMI_SECRET', 'short'],
    ['AMI_SECRET', `${'a'.repeat(30)}\n[evil]`],
    ['ARI_PASSWORD', `${'a'.repeat(30)};x`],
    ['ETC_DIR', '/etc/asterisk\n#include /etc/shadow'],
    ['AMI_PORT', 70000],
    ['SIP_BIND', '0.0.0.0;x'],
    ['AMI_USER', 'Root User'],
  ];
  for (const [key, value] of bad) {
    t.throws(
      () => renderBaseConfig(readBaseTemplates(), { ...vars, [key]: value } as typeof vars),
      `${key} refused`,
    );
  }
});

t.test('only the modules Hotline uses are loaded', async (t) => {
  const modules = readFileSync(`${BASE_CONFIG_DIR}/modules.conf`, 'utf8');
  t.match(modules, /^autoload = no$/m);
  for (const m of [
    'chan_pjsip.so',
    'res_ari.so',
    'app_stasis.so',
    'cdr_sqlite3_custom.so',
    'pbx_config.so',
  ]) {
    t.match(modules, new RegExp(`^load => ${m.replace('.', '\\.')}$`, 'm'), m);
  }
  t.notMatch(modules, /chan_sip\.so|chan_iax2\.so|res_phoneprov/);
});
