// biome-ignore-all lint/suspicious/noThenProperty: `then` is the announcements API's field (what follows the prompt), a destination object.
/**
 * Valid request bodies for every create/update route, on records this file
 * creates in a test box: the fuzz test (test/unit/fuzz-routes.test.ts) starts
 * from each body and makes one field hostile at a time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestBox } from './box.js';
import { type HttpReply, request } from './http.js';

export interface Fixture {
  /** The route's path below /api/v1 with its parameters filled in (default: the documented path). */
  path?: string;
  body: Record<string, unknown>;
  /**
   * Fields an answer never holds as sent (passwords, PINs, sanitised HTML), or
   * 'all' when the answer is not the record: an accepted value is not read back.
   */
  writeOnly?: string[] | 'all';
  /**
   * Boolean fields that take an action when true (submit a QA grade): the
   * fuzzer never sends them true, or one case would change the record under
   * every case after it.
   */
  actions?: string[];
}

/** Routes with a body the fuzz test leaves to their own tests, and why. */
export const NOT_FUZZED: Record<string, string> = {
  'post /customers/import': 'a CSV upload (customers-csv and customers-api test its rows)',
  'post /tickets/{id}/attachments': 'a file upload (tickets-api tests its name and type)',
  'post /auth/logout': 'would end the session the test runs in',
  'post /auth/password':
    'would change the password of the session the test runs in (users-first-login tests its refusals)',
  'post /contacts/lists/{id}/import': 'a CSV upload (contacts-api tests its rows, encodings and mapping)',
  'post /contacts/dnc/import': 'a CSV upload (contacts-api tests it)',
  'post /backup/archives/upload':
    'a file upload (the backup integration test uploads archives, damaged ones too)',
  'post /backup/archives/{name}/restore':
    'restarts the box (the backup integration test restores, refusals too)',
  'post /events':
    'answers 401 before reading a body without its HMAC signature (notify-api signs hostile bodies)',
};

/** Records every fixture refers to, created through the API; `call` is an admin request. */
export async function fuzzFixtures(box: TestBox, cookie: string, wav: Buffer) {
  const call = (method: string, p: string, body?: unknown): Promise<HttpReply> =>
    request(box.url, method, `/api/v1${p}`, { body, cookie });
  const make = async (p: string, body: unknown): Promise<number> => {
    const r = await call('POST', p, body);
    if (r.status !== 201 && r.status !== 200) throw new Error(`fixture ${p}: ${r.status} ${r.text}`);
    return (r.json.id ?? r.json.user?.id) as number;
  };
  const seats = (await call('GET', '/seats')).json.items as { id: number; extension: string }[];
  const seat = seats.find((s) => s.extension === '1001')!.id;
  const upload = await request(box.url, 'POST', '/api/v1/prompts?name=hello', {
    raw: wav,
    contentType: 'audio/wav',
    cookie,
  });
  if (upload.status !== 201) throw new Error(`fixture prompt: ${upload.status} ${upload.text}`);
  const prompt = upload.json.id as number;
  const queue = await make('/queues', { name: '一组', number: '6001' });
  const agent = await make('/agents', { extension: '1001', name: '坐席一', skills: [{ queueId: queue }] });
  const sipTrunk = {
    kind: 'sip',
    name: '电信',
    host: 'sip.example.net',
    auth: 'registration',
    username: 'box01',
    secret: 'carrier-secret-1',
    callerId: { number: '4008001234', name: '客服热线' },
  };
  const trunk = await make('/trunks', sipTrunk);
  const { kind: _kind, ...sipPatch } = sipTrunk;
  const route = {
    name: '国内',
    enabled: true,
    patterns: ['_1XXXXXXXXXX'],
    requiredClass: 'national',
    stripDigits: 0,
    prepend: '0',
    trunkIds: [trunk],
    callerId: { number: '4008001234', name: '客服热线', presentation: 'allowed' },
  };
  const outbound = await make('/outbound-routes', route);
  const schedule = {
    name: '工作时间',
    timeZone: 'Asia/Shanghai',
    weekly: { mon: ['09:00-12:00', '13:00-18:00'], sat: [] },
    closedDates: [{ date: '2026-10-01', name: '国庆' }],
    openDates: [{ date: '2026-10-11', name: '调休', hours: ['09:00-18:00'] }],
  };
  const scheduleId = await make('/schedules', schedule);
  const tree = {
    start: 'menu',
    nodes: {
      menu: {
        type: 'menu',
        name: '主菜单',
        promptId: prompt,
        options: { '1': 'hours', '2': 'sales' },
        timeoutSeconds: 5,
        onTimeout: 'bye',
        onInvalid: 'bye',
      },
      hours: { type: 'schedule', scheduleId, open: 'sales', closed: 'bye' },
      sales: { type: 'set', variable: 'DEPT', value: 'sales', next: 'queue' },
      queue: { type: 'transfer', destination: { type: 'queue', queueId: queue } },
      bye: { type: 'hangup' },
    },
  };
  const ivrBody = { name: '主菜单', tree, fallback: { type: 'seat', extension: '1001' } };
  const ivr = await make('/ivrs', ivrBody);
  const inboundBody = {
    name: '总机',
    did: '4008001234',
    callerId: '_138XXXXXXXX',
    destination: { type: 'ivr', ivrId: ivr },
    fallback: { type: 'voicemail', extension: '1001' },
    enabled: true,
  };
  const inbound = await make('/inbound-routes', inboundBody);
  const annBody = { name: '欢迎', promptId: prompt, then: { type: 'external', number: '13800138000' } };
  const announcement = await make('/announcements', annBody);
  const customerBody = {
    name: '张三',
    numbers: ['13800138000'],
    vip: 3,
    boundAgent: '1001',
    notes: '老客户\n回访',
  };
  const customer = await make('/customers', customerBody);
  const notifyRule = {
    name: '航班变更',
    eventType: 'flight.changed',
    conditions: { all: [{ fact: 'vars', path: '$.flight', operator: 'equal', value: 'CA1234' }] },
    chain: ['voice', 'sms', 'email'],
    message: '您的航班{{flight}}改为{{time}}起飞',
    subject: '航班变更通知',
    queueId: null,
    taskQueueId: null,
    quietHours: { from: '22:00', to: '08:00' },
    perHourLimit: 10,
    webhook: { url: 'https://partner.example.org/hooks/hotline', timeoutMs: 5000, maxAttempts: 6 },
  };
  const notifyRuleId = await make('/notify/rules', { ...notifyRule, name: '航班变更一' });
  const kbCategory = await make('/kb/categories', { name: '账单' });
  const articleBody = {
    title: '发票怎么开',
    scenario: '客户要发票',
    solution: '<p>在<b>账单</b>页</p>',
    categoryId: kbCategory,
    tags: ['发票', 'vat'],
    status: 'published',
  };
  const article = await make('/kb/articles', articleBody);
  const ticketCategory = await make('/tickets/categories', { name: '投诉' });
  const ticketBody = {
    title: '无法登录',
    description: '客户说\n密码错误',
    customerId: customer,
    categoryId: ticketCategory,
    priority: 'high',
    assigneeQueueId: queue,
  };
  const ticket = await make('/tickets', ticketBody);
  const user = await make('/users', {
    username: 'fuzz-agent',
    role: 'agent',
    password: 'correct horse battery',
  });
  const qaFormBody = {
    name: '质检表',
    sections: [
      {
        title: '开场',
        questions: [
          { text: '问候语', kind: 'yesno', weight: 2, critical: true, allowNa: false },
          { text: '需求确认', kind: 'scale', max: 4, weight: 3, critical: false, allowNa: true },
        ],
      },
    ],
  };
  const qaForm = await make('/qa/forms', qaFormBody);
  const qaFreeForm = await make('/qa/forms', qaFormBody);
  // a call seat 1001 took, as the calls domain builds it from CDRs
  const qaCall = Number(
    box.hotline.db
      .prepare(
        `INSERT INTO calls (linkedid, direction, entered_at, agent, outcome, updated_at)
         VALUES ('1700000000.77', 'inbound', 1700000000, '1001', 'answered', 0)`,
      )
      .run().lastInsertRowid,
  );
  const qaGradeBody = {
    callId: qaCall,
    formId: qaForm,
    answers: [
      { questionId: 1, value: 1 },
      { questionId: 2, value: null },
    ],
    comments: [{ at: 12.5, text: '问候完整\n语速适中' }],
    submit: false,
  };
  const qaDraft = await make('/qa/grades', qaGradeBody);
  const mailTemplate = {
    name: '账单提醒',
    subject: '您的账单：{{amount}} 元',
    textBody: '尊敬的{{name}}：\n本月账单 {{amount}} 元。',
    htmlBody: '<p>尊敬的{{name}}：本月账单 <strong>{{amount}}</strong> 元。</p>',
  };
  const template = await make('/mail/templates', { ...mailTemplate, name: '欠费提醒' });
  // queued only: no SMTP server is set while fixtures are made, so nothing connects
  const outboxId = box.hotline.services.mail.send({
    to: 'kh@example.com',
    subject: '通知',
    text: '正文',
    reason: 'fuzz',
  });
  const messageId = (await call('GET', `/mail/outbox/${outboxId}`)).json.messageId as string;
  const reportSchedule = {
    name: '客服一组周报',
    report: 'distribution',
    period: 'lastWeek',
    interval: 'day',
    filters: { agent: '1001' },
    format: 'xlsx',
    language: 'zh',
    recipients: ['boss@example.com'],
    frequency: 'weekly',
    weekday: 1,
    time: '08:30',
    enabled: true,
  };
  const reportScheduleId = await make('/reports/schedules', { ...reportSchedule, name: '日报' });
  const pem = readFileSync(path.join(box.dir, 'tls', 'box.pem'), 'utf8');
  const blocks = pem.match(/-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----\n?/g) ?? [];
  const LOC = 'PCI_Express_Bus_02_Slot_01';
  const card = await call('PUT', `/hardware/cards/${LOC}`, { driver: 'wct4xxp', portCount: 2 });
  if (card.status !== 200) throw new Error(`fixture card: ${card.status} ${card.text}`);

  const contactListBody = {
    name: '账单提醒',
    purpose: 'marketing',
    scheduleId,
    mapping: { number: '电话', timeZone: '时区', variables: { name: '姓名', amount: '金额' } },
  };
  const contactList = await make('/contacts/lists', contactListBody);
  const consentBody = {
    number: '13800138000',
    type: 'marketing',
    grantedAt: '2026-01-01T00:00:00.000Z',
    evidence: '录音 rec-17\n网页表单',
    evidenceRef: 'rec-17',
  };
  const consent = await make('/contacts/consents', consentBody);
  const campaignBody = {
    name: '账单提醒外呼',
    listId: contactList,
    mode: 'predictive',
    agents: ['1001'],
    settings: {
      maxChannels: 4,
      maxLevel: 2.5,
      ringSeconds: 25,
      amd: { enabled: true, greeting: 1500, maximumNumberOfWords: 3 },
      onMachine: 'message',
      messagePromptId: prompt,
      abandonPromptId: prompt,
      confirmKey: '1',
      optOutKey: '9',
      retry: { busy: { max: 3, delayMinutes: 10 }, noAnswer: { max: 2, delayMinutes: 60 } },
    },
  };
  const campaign = await make('/campaigns', { ...campaignBody, name: '催缴一组' });
  /** An admin names the seat whose desk to use. */
  const DESK = (action: string) => `/desk/${action}?agent=1003`;
  const fixtures: Record<string, Fixture> = {
    'post /agents': { body: { extension: '1002', name: '坐席二', skills: [{ queueId: queue, level: 1 }] } },
    'patch /agents/{id}': {
      path: `/agents/${agent}`,
      body: { name: '坐席一', skills: [{ queueId: queue, level: 2 }] },
    },
    'post /agents/{id}/pause': { path: `/agents/${agent}/pause`, body: { reason: '培训' } },
    'post /agents/pause-reasons': { body: { code: 7, name: '开会' } },
    'post /announcements': { body: annBody },
    'patch /announcements/{id}': { path: `/announcements/${announcement}`, body: annBody },
    'post /auth/login': {
      body: { username: box.admin.username, password: box.admin.password },
      writeOnly: ['username', 'password'],
    },
    'post /campaigns': { body: campaignBody },
    'patch /campaigns/{id}': {
      path: `/campaigns/${campaign}`,
      body: { name: campaignBody.name, agents: campaignBody.agents, settings: campaignBody.settings },
    },
    // the admin has no seat (409 for the valid body): hostile values must be refused first
    'post /campaigns/{id}/preview/result': {
      path: `/campaigns/${campaign}/preview/result`,
      body: { result: 'human' },
    },
    'post /contacts/lists': { body: contactListBody },
    'patch /contacts/lists/{id}': { path: `/contacts/lists/${contactList}`, body: contactListBody },
    // a number already listed is answered as it was first entered; numbers come back canonical
    'post /contacts/dnc': {
      body: { number: '13900139000', source: 'admin', reason: '投诉' },
      writeOnly: 'all',
    },
    'post /contacts/opt-out': {
      body: { number: '13700137000', source: 'sms', reason: '回复TD' },
      writeOnly: 'all',
    },
    'post /contacts/consents': { body: consentBody, writeOnly: ['number', 'grantedAt'] },
    'post /contacts/consents/{id}/revoke': {
      path: `/contacts/consents/${consent}/revoke`,
      body: { revokedAt: '2026-06-01T00:00:00.000Z' },
      writeOnly: 'all',
    },
    'post /auth/tokens': { body: { name: '墙板', expiresInDays: 30, scope: 'wallboard' } },
    'post /customers': { body: { ...customerBody, numbers: ['13900139000'] } },
    'patch /customers/{id}': { path: `/customers/${customer}`, body: customerBody },
    'put /customers/webhook': {
      body: { url: 'https://crm.example.com/lookup?n={number}', timeoutMs: 1000, enabled: false },
    },
    'post /desk/conference': { path: DESK('conference'), body: { extension: '1002' } },
    'post /desk/dial': { path: DESK('dial'), body: { number: '13800138000' } },
    'post /desk/pause': { path: DESK('pause'), body: { reason: '培训' } },
    'post /desk/transfer': {
      path: DESK('transfer'),
      body: { mode: 'blind', target: { type: 'seat', extension: '1002' } },
    },
    // the valid body is refused too (no agent on a call, Asterisk down): hostile values must be refused first
    'post /supervise': { body: { agentExtension: '1003', mode: 'listen' } },
    // the answer is the queued message's id and parts, not the body
    'post /sms': { body: { to: '13800138000', text: '您好，这是一条测试短信' }, writeOnly: 'all' },
    'put /sms/settings': { body: { devicePath: '/dev/ttyUSB2', baud: 115200, smsc: '+8613800100500' } },
    'post /desk/wrapup': {
      path: DESK('wrapup'),
      body: { callId: '1700000000.12', disposition: '已解决', notes: '客户满意' },
    },
    'put /hardware/cards/{location}': {
      path: `/hardware/cards/${LOC}`,
      body: { driver: 'wct4xxp', portCount: 2, position: 0 },
      writeOnly: 'all',
    },
    'put /hardware/ports/{location}/{port}': {
      path: `/hardware/ports/${LOC}/1`,
      body: {
        lineMode: 'e1',
        framing: 'ccs',
        coding: 'hdb3',
        crc4: true,
        clockPriority: 1,
        lbo: 0,
        echoCanceller: 'oslec',
      },
      writeOnly: 'all',
    },
    'put /hardware/settings': { body: { toneZone: 'cn' } },
    'post /inbound-routes': { body: { ...inboundBody, did: '4008005678' } },
    'patch /inbound-routes/{id}': { path: `/inbound-routes/${inbound}`, body: inboundBody },
    'post /ivrs': { body: ivrBody },
    'patch /ivrs/{id}': { path: `/ivrs/${ivr}`, body: ivrBody },
    'post /kb/articles': { body: articleBody, writeOnly: ['solution'] },
    'patch /kb/articles/{id}': {
      path: `/kb/articles/${article}`,
      body: articleBody,
      writeOnly: ['solution'],
    },
    'post /kb/categories': { body: { name: '退款', parentId: kbCategory } },
    'patch /kb/categories/{id}': {
      path: `/kb/categories/${kbCategory}`,
      body: { name: '账单', parentId: null },
    },
    'post /qa/forms': { body: qaFormBody },
    'patch /qa/forms/{id}': { path: `/qa/forms/${qaFreeForm}`, body: { ...qaFormBody, status: 'active' } },
    'post /qa/forms/{id}/copy': { path: `/qa/forms/${qaForm}/copy`, body: { name: '质检表 第二版' } },
    // `submit` is an action, not a field: the answer's `status` says it was taken
    'post /qa/grades': { body: qaGradeBody, writeOnly: ['submit'] },
    'patch /qa/grades/{id}': {
      path: `/qa/grades/${qaDraft}`,
      body: { answers: qaGradeBody.answers, comments: qaGradeBody.comments, submit: false },
      actions: ['submit'],
    },
    // a draft is not revised (409, the valid body too): hostile values must be refused before that
    'post /qa/grades/{id}/revisions': {
      path: `/qa/grades/${qaDraft}/revisions`,
      body: {
        answers: qaGradeBody.answers,
        comments: qaGradeBody.comments,
        reason: '复听更正',
        submit: false,
      },
      actions: ['submit'],
    },
    'post /notify/rules': { body: notifyRule },
    'patch /notify/rules/{id}': {
      path: `/notify/rules/${notifyRuleId}`,
      body: { ...notifyRule, name: '账单提醒' },
    },
    'post /notify/integrations': { body: { name: '订单系统' }, writeOnly: 'all' },
    'put /notify/preferences/{id}': {
      path: `/notify/preferences/${customer}`,
      body: { channels: ['sms', 'email'], email: 'wang@example.com' },
    },
    // the port-9 (discard) loopback address: a test send is refused at once, nothing leaves the machine
    'put /mail/settings': {
      body: {
        host: '127.0.0.1',
        port: 9,
        security: 'none',
        verifyCertificate: true,
        username: 'box01',
        password: 'smtp-secret-1',
        fromAddress: 'service@example.com',
        fromName: '客服中心',
      },
      writeOnly: ['password'],
    },
    'post /mail/test': { body: { to: 'admin@example.com' }, writeOnly: 'all' },
    'post /mail/templates': { body: mailTemplate, writeOnly: ['htmlBody'] },
    'patch /mail/templates/{id}': {
      path: `/mail/templates/${template}`,
      body: mailTemplate,
      writeOnly: ['htmlBody'],
    },
    // recipients come back lower-cased and once each
    'post /reports/schedules': { body: reportSchedule, writeOnly: ['recipients'] },
    'patch /reports/schedules/{id}': {
      path: `/reports/schedules/${reportScheduleId}`,
      body: reportSchedule,
      writeOnly: ['recipients'],
    },
    'post /mail/bounces': { body: { messageId, reason: '550 5.1.1 user unknown' }, writeOnly: 'all' },
    'post /backup/archives': {
      body: { passphrase: 'correct horse battery', includeRecordings: false },
      writeOnly: 'all',
    },
    'put /backup/settings': {
      body: {
        enabled: false,
        time: '02:30',
        keep: 7,
        targetDir: null,
        includeRecordings: false,
        passphrase: '备份口令 staple',
      },
      writeOnly: ['passphrase'],
    },
    'put /guard/settings': {
      body: { threshold: 30, windowMinutes: 5, banMinutes: 60, allowList: ['192.168.0.0/16', 'fd00::/8'] },
    },
    'put /host/hostname': { body: { hostname: 'hotline-fuzz' } },
    'put /host/time': { body: { timezone: 'Asia/Shanghai', ntp: ['ntp.aliyun.com'] } },
    // the first valid one waits for its confirmation: the rest answer 409, never a 500
    'put /host/network': { body: { network: { mode: 'dhcp' }, confirmSeconds: 600 } },
    'put /host/wizard': { body: { completed: true } },
    'put /live/settings': { body: { diskWarnPct: 90, showCallerNumbers: true } },
    'put /live/thresholds/{queueId}': {
      path: `/live/thresholds/${queue}`,
      body: { slTargetPct: 90, longestWaitLimitSec: 30 },
    },
    'post /outbound-routes': {
      body: { ...route, name: '国际', patterns: ['_00.'], requiredClass: 'international', position: 1 },
    },
    'patch /outbound-routes/{id}': { path: `/outbound-routes/${outbound}`, body: route },
    'put /outbound-routes/deny-list': { body: { patterns: ['_1900.', '_00882.'] } },
    'put /outbound-routes/spend-guard': {
      body: {
        seatCallsPerHour: 60,
        seatMinutesPerHour: 90,
        trunkCallsPerHour: 600,
        trunkMinutesPerHour: 1800,
      },
    },
    'put /outbound-routes/order': { body: { ids: [outbound] } },
    'post /prompts': { body: { name: '问候', text: '您好', language: 'zh' } },
    'patch /prompts/{id}': { path: `/prompts/${prompt}`, body: { name: '问候' } },
    'post /queues': {
      body: {
        name: '二组',
        number: '6002',
        settings: {
          strategy: 'ringall',
          ringTimeoutSeconds: 20,
          musicOnHold: 'default',
          announcePosition: true,
          callbackKey: '1',
          callbackAttempts: 3,
          callbackRetrySeconds: 120,
        },
        overflow: { type: 'voicemail', extension: '1001' },
        dispositions: ['已解决', '需回访'],
        screenPopUrl: 'https://crm.example.com/pop?caller={caller}',
      },
    },
    'patch /queues/{id}': {
      path: `/queues/${queue}`,
      body: {
        name: '一组',
        number: '6001',
        settings: { wrapUpSeconds: 10, joinEmpty: 'always', callbackKey: '2' },
        overflow: { type: 'announcement', announcementId: announcement },
        dispositions: ['已解决'],
        screenPopUrl: null,
      },
    },
    'patch /recordings/settings': { body: { retentionDays: 90 } },
    'post /schedules': { body: { ...schedule, name: '周末' } },
    'patch /schedules/{id}': { path: `/schedules/${scheduleId}`, body: schedule },
    'post /seats': {
      body: {
        extension: '1009',
        name: '前台',
        secret: 'AbcdefGhijkl0123',
        transport: 'udp',
        maxContacts: 2,
        enabled: true,
        callClass: 'local',
        voicemail: true,
        recording: 'on_demand',
      },
    },
    'patch /seats/{id}': {
      path: `/seats/${seat}`,
      body: { name: '坐席 1001', secret: 'AbcdefGhijkl0123', transport: 'tcp', callClass: 'national' },
    },
    'post /tickets': { body: ticketBody },
    'patch /tickets/{id}': {
      path: `/tickets/${ticket}`,
      body: { ...ticketBody, status: 'in_progress', dueAt: '2026-12-31T18:00:00+08:00' },
    },
    'post /tickets/{id}/comments': {
      path: `/tickets/${ticket}/comments`,
      body: { body: '已回电\n客户确认' },
    },
    'post /tickets/categories': { body: { name: '咨询', parentId: ticketCategory } },
    'patch /tickets/categories/{id}': {
      path: `/tickets/categories/${ticketCategory}`,
      body: { name: '投诉' },
    },
    'put /tickets/sla': {
      body: { scheduleId, rules: [{ categoryId: ticketCategory, priority: 'high', hours: 4 }] },
    },
    'put /tls/certificate': {
      body: {
        key: blocks.find((b) => b.includes('PRIVATE KEY')) ?? '',
        cert: blocks.filter((b) => b.includes('CERTIFICATE')).join(''),
      },
      writeOnly: ['key', 'cert'],
    },
    'post /trunks': { body: { ...sipTrunk, name: '联通' } },
    'patch /trunks/{id}': { path: `/trunks/${trunk}`, body: sipPatch },
    'post /users': {
      body: {
        username: 'li.wei',
        displayName: '李伟',
        role: 'supervisor',
        password: 'correct horse battery',
      },
      writeOnly: ['password'],
    },
    'patch /users/{id}': {
      path: `/users/${user}`,
      body: {
        displayName: '王芳',
        role: 'agent',
        password: 'correct horse battery',
        seatExtension: '1002',
        email: 'wang.fang@example.org',
      },
      writeOnly: ['password'],
    },
    'put /voicemail/{extension}/email': {
      path: '/voicemail/1001/email',
      body: { enabled: true, address: 'kefu@example.org' },
    },
    'put /voicemail/{extension}/pin': {
      path: '/voicemail/1001/pin',
      body: { pin: '2468' },
      writeOnly: ['pin'],
    },
  };
  return fixtures;
}
