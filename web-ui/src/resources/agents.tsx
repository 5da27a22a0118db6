import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { AgentActions, type AgentStateView } from '../callcenter/agent-actions';
import { LiveAgentState, LiveAgentsProvider } from '../callcenter/live-agent-state';
import { PauseReasonsButton } from '../callcenter/pause-reasons-button';
import { QueueName } from '../callcenter/queue-names';
import { superviseColumn } from '../callcenter/supervise-buttons';
import { byText, formatTime } from '../components/format';
import { LazyResourcePage } from '../components/lazy-page';
import { useNamedOptions, useSeatOptions } from '../components/use-options';
import type { ResourceBody, ResourceDef } from './types';

interface Agent {
  id: number;
  extension: string;
  name: string;
  skills: { queueId: number; level: number }[];
  state: AgentStateView;
}

function SkillsField() {
  const { t } = useTranslation();
  const queues = useNamedOptions('/queues');
  return (
    <Form.List name="skills">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Space key={f.key} align="baseline">
              <Form.Item name={[f.name, 'queueId']} rules={[{ required: true }]}>
                <Select
                  style={{ width: 220 }}
                  options={queues.options}
                  loading={queues.loading}
                  data-testid="skill-queue"
                />
              </Form.Item>
              <Form.Item name={[f.name, 'level']}>
                <InputNumber min={0} max={9} />
              </Form.Item>
              <MinusCircleOutlined onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ level: 0 })}
            data-testid="add-skill"
          >
            {t('agents.addSkill')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

function SeatSelect(props: {
  value?: string;
  onChange?: (v: string) => void;
  disabled?: boolean;
  id?: string;
}) {
  const seats = useSeatOptions();
  return (
    <Select
      {...props}
      showSearch={{ optionFilterProp: 'label' }}
      options={seats.options}
      loading={seats.loading}
    />
  );
}

function stateTag(s: AgentStateView, t: (k: string) => string) {
  if (!s.loggedIn) return <Tag>{t('agents.states.loggedOut')}</Tag>;
  if (s.paused)
    return (
      <Tag color="orange">{`${t('agents.states.paused')}${s.pauseReason ? ` · ${s.pauseReason}` : ''}`}</Tag>
    );
  return <Tag color="green">{t('agents.states.available')}</Tag>;
}

/** The agents table inside one live-stream connection. */
function AgentsPage({ def }: { def: ResourceDef<Agent> }) {
  return (
    <LiveAgentsProvider>
      <LazyResourcePage def={def} />
    </LiveAgentsProvider>
  );
}

export const agents: ResourceBody<Agent> = {
  page: AgentsPage,
  api: '/agents',
  paging: 'client',
  searchText: (r) => [r.extension, r.name],
  columns: ({ t }) => [
    { title: t('agents.extension'), dataIndex: 'extension', sorter: byText((r) => r.extension) },
    { title: t('agents.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    {
      title: t('agents.skills'),
      key: 'skills',
      render: (_, r) => (
        <Space size={2} wrap>
          {r.skills.map((s) => (
            <Tag key={s.queueId}>
              <QueueName id={s.queueId} /> · {s.level}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('agents.state'),
      key: 'state',
      // live (ringing, talking, wrap-up, paused with its reason, time in state) once the stream answers
      render: (_, r) => (
        <span data-testid={`agent-state-${r.id}`}>
          <LiveAgentState extension={r.extension} fallback={stateTag(r.state, t)} />
        </span>
      ),
    },
    { title: t('agents.since'), key: 'since', render: (_, r) => formatTime(r.state.since) },
    superviseColumn<Agent>(t),
  ],
  rowActions: (row, { reload }) => <AgentActions id={row.id} state={row.state} reload={reload} />,
  toolbar: ({ writer }) => <PauseReasonsButton writer={writer} />,
  form: {
    width: 640,
    initialValues: { skills: [] },
    fields: ({ t, editing }) => [
      {
        name: 'extension',
        label: t('agents.extension'),
        required: true,
        input: <SeatSelect disabled={!!editing} />,
      },
      { name: 'name', label: t('agents.name'), required: true, input: <Input maxLength={64} /> },
      <Form.Item
        key="skills"
        label={`${t('agents.skills')} (${t('agents.queue')} · ${t('agents.level')})`}
        extra={t('agents.levelHelp')}
      >
        <SkillsField />
      </Form.Item>,
    ],
    toValues: (a) => ({ extension: a.extension, name: a.name, skills: a.skills }),
    toBody: (v, editing) => ({
      ...(editing ? {} : { extension: v.extension }),
      name: v.name,
      skills: (v.skills ?? []).map((s: { queueId: number; level?: number }) => ({
        queueId: s.queueId,
        level: s.level ?? 0,
      })),
    }),
  },
};
