/**
 * The demo configuration of ./scripts/start: the launcher's API token, the
 * five demo seats (remembered by id, so the demo phones never answer a seat
 * the admin created) and the demo call center, created on the first start.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Api, anonymous, login } from './api-client.js';

export const DEMO_SEATS = [
  ['1001', '客服一组 张伟'],
  ['1002', '客服一组 李娜'],
  ['1003', '客服二组 王芳'],
  ['1004', '客服二组 刘洋'],
  ['1005', '班长 陈静'],
] as const;

/**
 * The launcher keeps an API token of its own (created with the first admin
 * password, stored 0600 in the data directory) so later starts can manage
 * the demo seats without knowing the admin password.
 */
export async function devApi(
  base: string,
  dataDir: string,
  admin: { username: string; password: string } | null,
): Promise<Api> {
  const tokenFile = path.join(dataDir, 'dev-start.token');
  if (admin) {
    const api = await login(base, admin.username, admin.password);
    const r = await api.req('POST', '/api/v1/auth/tokens', { name: 'scripts/start' });
    if (r.status !== 201 && r.status !== 200)
      throw new Error(`cannot create launcher token: ${JSON.stringify(r.body)}`);
    writeFileSync(tokenFile, String(r.body.secret), { mode: 0o600 });
  }
  if (!existsSync(tokenFile)) {
    throw new Error(
      `${dataDir} has a box whose launcher token is missing; ./scripts/start --reset starts a fresh one`,
    );
  }
  return anonymous(base, { authorization: `Bearer ${readFileSync(tokenFile, 'utf8').trim()}` });
}

type SeatRow = { id: number; extension: string; name: string; enabled: boolean };

/** The ids of the seats the launcher created, kept beside its token. */
const demoSeatsFile = (dataDir: string) => path.join(dataDir, 'dev-start.demo-seats.json');

/**
 * Creates the demo seats on an empty box and answers the enabled ones with
 * their secrets, for the demo phones. Only seats the launcher created are
 * answered (their ids are recorded in the data directory), never a seat the
 * admin added or re-created under a demo extension: its calls must ring the
 * admin's real phone, not be answered by a demo echo phone. A box from before
 * the record existed is marked once by the demo extension and name.
 */
export async function ensureDemoSeats(api: Api, dataDir: string): Promise<{ extension: string; secret: string }[]> {
  const list = async () => (await api.get('/api/v1/seats?limit=500')).items as SeatRow[];
  const file = demoSeatsFile(dataDir);
  let existing = await list();
  if (existing.length === 0) {
    for (const [extension, name] of DEMO_SEATS) {
      const r = await api.req('POST', '/api/v1/seats', { extension, name });
      if (r.status !== 201) throw new Error(`demo seat ${extension}: ${JSON.stringify(r.body)}`);
    }
    existing = await list();
    writeDemoSeatIds(file, existing.map((s) => s.id));
  } else if (!existsSync(file)) {
    const demo = existing.filter((s) => DEMO_SEATS.some(([e, n]) => e === s.extension && n === s.name));
    writeDemoSeatIds(file, demo.map((s) => s.id));
  }
  const ids = new Set(JSON.parse(readFileSync(file, 'utf8')) as number[]);
  const seats = [];
  for (const s of existing) {
    if (!s.enabled || !ids.has(s.id)) continue;
    const full = await api.get(`/api/v1/seats/${s.id}`);
    seats.push({ extension: full.extension as string, secret: full.secret as string });
  }
  return seats;
}

function writeDemoSeatIds(file: string, ids: number[]) {
  writeFileSync(file, JSON.stringify(ids), { mode: 0o600 });
}

export const DEMO_DID = '4008001234';
export const DEMO_24H_DID = '4008001235';

/**
 * A carrier trunk, office hours, an after-hours announcement (Mandarin TTS)
 * and the hotline's inbound route: the first time only, so an admin's own
 * changes survive restarts.
 */
export async function ensureDemoRouting(api: Api, carrierPort: number) {
  const trunks = (await api.get('/api/v1/trunks')).items as { id: number; name: string; port: number }[];
  const existing = trunks.find((t) => t.name === '演示运营商');
  if (existing) {
    // the rig's carrier gets a new port each start: follow it
    if (existing.port !== carrierPort)
      await must(api.req('PATCH', `/api/v1/trunks/${existing.id}`, { port: carrierPort }));
    return;
  }
  await must(
    api.req('POST', '/api/v1/trunks', {
      kind: 'sip',
      name: '演示运营商',
      host: '127.0.0.2',
      port: carrierPort,
      auth: 'ip',
    }),
  );
  const weekday = ['09:00-18:00'];
  const schedule = await must(
    api.req('POST', '/api/v1/schedules', {
      name: '工作时间',
      weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
      closedDates: [],
      openDates: [],
    }),
  );
  const prompt = await zhPrompt(api, '非工作时间', '您好，现在是非工作时间，请在工作日上午九点至下午六点来电。');
  const announcement = await must(
    api.req('POST', '/api/v1/announcements', { name: '非工作时间提示', promptId: prompt.id }),
  );
  const ivr = await ensureDemoCallCenter(api);
  await must(
    api.req('POST', '/api/v1/inbound-routes', {
      name: '客服热线',
      did: DEMO_DID,
      destination: {
        type: 'schedule',
        scheduleId: schedule.id,
        open: { type: 'ivr', ivrId: ivr.id },
        closed: { type: 'announcement', announcementId: announcement.id },
      },
      fallback: { type: 'queue', queueId: ivr.fallbackQueueId },
    }),
  );
  await must(
    api.req('POST', '/api/v1/inbound-routes', {
      name: '演示热线（全天）',
      did: DEMO_24H_DID,
      destination: { type: 'ivr', ivrId: ivr.id },
      fallback: { type: 'queue', queueId: ivr.fallbackQueueId },
    }),
  );
}

/** Two queues, the demo seats as logged-in agents, and the welcome menu that sends callers to them. */
async function ensureDemoCallCenter(api: Api): Promise<{ id: number; fallbackQueueId: number }> {
  const queues: number[] = [];
  for (const [name, members] of [
    ['客服一组', ['1001', '1002']],
    ['客服二组', ['1003', '1004']],
  ] as const) {
    const q = await must(
      api.req('POST', '/api/v1/queues', {
        name,
        settings: { strategy: 'leastrecent', wrapUpSeconds: 5, maxWaitSeconds: 180, recording: 'always' },
        overflow: { type: 'voicemail', extension: '1005' },
      }),
    );
    queues.push(q.id);
    for (const extension of members) {
      const seat = DEMO_SEATS.find(([e]) => e === extension)!;
      const agent = await must(
        api.req('POST', '/api/v1/agents', {
          extension,
          name: seat[1],
          skills: [{ queueId: q.id, level: 0 }],
        }),
      );
      await must(api.req('POST', `/api/v1/agents/${agent.id}/login`, {}));
    }
  }
  const welcome = await zhPrompt(api, '欢迎菜单', '您好，欢迎致电演示热线。业务咨询请按一，售后服务请按二。');
  const ivr = await must(
    api.req('POST', '/api/v1/ivrs', {
      name: '欢迎菜单',
      tree: {
        start: 'who',
        nodes: {
          who: { type: 'lookup', name: '识别来电', next: 'main' },
          main: {
            type: 'menu',
            name: '主菜单',
            promptId: welcome.id,
            options: { '1': 'sales', '2': 'service' },
            timeoutSeconds: 6,
            retries: 2,
            onTimeout: 'sales',
            onInvalid: 'sales',
          },
          sales: { type: 'transfer', name: '客服一组', destination: { type: 'queue', queueId: queues[0] } },
          service: { type: 'transfer', name: '客服二组', destination: { type: 'queue', queueId: queues[1] } },
        },
      },
    }),
  );
  return { id: ivr.id, fallbackQueueId: queues[0]! };
}

/** A prompt espeak-ng speaks in Mandarin. */
function zhPrompt(api: Api, name: string, text: string) {
  return must(api.req('POST', '/api/v1/prompts', { name, text, language: 'zh' }));
}

async function must(p: ReturnType<Api['req']>) {
  const r = await p;
  if (r.status >= 300) throw new Error(`demo setup: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

