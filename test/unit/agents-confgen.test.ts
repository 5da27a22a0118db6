import t from 'tap';
import { AGENT_CODES_CONTEXT, agentsDialplan } from '../../src/agents/confgen.js';
import type { Agent, PauseReason, Skill } from '../../src/agents/schema.js';
import { queueSection } from '../../src/queues/schema.js';
import { golden } from '../support/golden.js';

const agent = (id: number, extension: string, name: string, skills: Skill[]): Agent => ({
  id,
  extension,
  name,
  skills,
  state: { loggedIn: false, paused: false, pauseReason: null, since: 0 },
  createdAt: 0,
  updatedAt: 0,
});

const agents = [
  agent(2, '1004', '李四', [{ queueId: 1, level: 1 }]),
  agent(1, '1003', '张三', [
    { queueId: 1, level: 0 },
    { queueId: 3, level: 2 },
  ]),
  agent(3, '1005', '王五 (no skills yet)', []),
];
/** Migration 009's starting list, out of order. */
const SEEDED: PauseReason[] = [
  { id: 6, code: 99, name: '未接来电' },
  { id: 1, code: 1, name: '休息' },
  { id: 2, code: 2, name: '培训' },
  { id: 3, code: 3, name: '会议' },
  { id: 4, code: 4, name: '用餐' },
  { id: 5, code: 5, name: '事后处理' },
];

const block = (text: string, header: string) => {
  const start = text.indexOf(`${header}\n`);
  if (start < 0) throw new Error(`no ${header}`);
  const end = text.indexOf('\n\n', start);
  return text.slice(start, end < 0 ? undefined : end).trimEnd();
};

t.test('extensions_agents.conf matches its golden file (reasons by code, agents by id)', async (t) => {
  const { expected, actual } = golden(
    'agents/extensions_agents.conf',
    agentsDialplan(agents, SEEDED, queueSection),
  );
  t.equal(actual, expected);
  t.notMatch(actual, /张三|李四|王五/, 'agent names are never written');
  t.equal(
    block(actual, '[hotline-pause-reasons]'),
    [
      '[hotline-pause-reasons]',
      'exten => 1,1,Return(休息)',
      'exten => 2,1,Return(培训)',
      'exten => 3,1,Return(会议)',
      'exten => 4,1,Return(用餐)',
      'exten => 5,1,Return(事后处理)',
      'exten => 99,1,Return(未接来电)',
    ].join('\n'),
  );
  t.same(
    [...actual.matchAll(/^\[hotline-agent-([0-9]+)\]$/gm)].map((m) => m[1]),
    ['1003', '1004', '1005'],
    'sorted by agent id',
  );
  t.match(actual, `[${AGENT_CODES_CONTEXT}]\nexten => *61,1,`);
  t.match(actual, /^exten => _\*63X!,1,/m);
});

t.test('each agent logs in and out of exactly its skill queues, with its level as penalty', async (t) => {
  const plan = agentsDialplan(agents, SEEDED, queueSection);
  const a1003 = block(plan, '[hotline-agent-1003]');
  t.match(a1003, 'AddQueueMember(q1,PJSIP/1003,0,,1003,PJSIP/1003)');
  t.match(a1003, 'AddQueueMember(q3,PJSIP/1003,2,,1003,PJSIP/1003)');
  t.match(a1003, 'RemoveQueueMember(q1,PJSIP/1003)');
  t.match(a1003, 'RemoveQueueMember(q3,PJSIP/1003)');
  t.match(a1003, 'UserEvent(HotlineAgent,Extension: 1003,Action: pause,Reason: ${ARG1})');
  const a1004 = block(plan, '[hotline-agent-1004]');
  t.match(a1004, 'AddQueueMember(q1,PJSIP/1004,1,,1004,PJSIP/1004)');
  t.notMatch(a1004, /q3/);
  const a1005 = block(plan, '[hotline-agent-1005]');
  t.notMatch(a1005, /AddQueueMember|RemoveQueueMember/, 'no skills: no memberships');
  t.match(a1005, 'UserEvent(HotlineAgent,Extension: 1005,Action: login)', 'the login is still stored');
});

t.test('no agents and no reasons: the feature codes still answer', async (t) => {
  const plan = agentsDialplan([], [], queueSection);
  t.match(plan, '[hotline-agent-none]');
  t.notMatch(plan, /^\[hotline-agent-[0-9]/m);
  t.notMatch(block(plan, '[hotline-pause-reasons]'), /exten/);
});

t.test('a hostile value that bypassed validation is refused at generation', async (t) => {
  for (const name of [
    'a,b',
    'x)\n[evil]',
    '${SHELL(id)}',
    'a|b',
    "it's",
    'q"',
    'a;b',
    '\n',
    '',
    '长'.repeat(33),
  ]) {
    t.throws(
      () => agentsDialplan(agents, [...SEEDED, { id: 9, code: 7, name }], queueSection),
      /unsafe value/,
      `reason ${JSON.stringify(name.slice(0, 20))}`,
    );
  }
  for (const extension of ['1003)', '10;03', '1003\n[x]', '${EXTEN}', '1'])
    t.throws(
      () => agentsDialplan([agent(9, extension, 'x', [])], SEEDED, queueSection),
      /unsafe value/,
      `extension ${JSON.stringify(extension)}`,
    );
  t.throws(
    () => agentsDialplan([agent(9, '1009', 'x', [{ queueId: 1, level: 0 }])], SEEDED, () => 'q1,evil'),
    /unsafe value/,
    'queue section',
  );
  for (const level of [Number.NaN, 10, -1, '0,,evil'])
    t.throws(
      () =>
        agentsDialplan(
          [agent(9, '1009', 'x', [{ queueId: 1, level: level as number }])],
          SEEDED,
          queueSection,
        ),
      /unsafe value/,
      `level ${String(level)}`,
    );
});
