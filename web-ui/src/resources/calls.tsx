import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Tag } from 'antd';
import type { Outcome } from '../../../src/calls/rows';
import { QueueName, useQueueNames } from '../callcenter/queue-names';
import { FilterBar } from '../components/filter-bar';
import { formatDuration, formatTime } from '../components/format';
import type { ResourceBody } from './types';

/** A colour for each of hotlined's outcomes (tsc checks none is missing), in its order. */
const COLOR: Record<Outcome, string> = {
  cut_off: 'volcano',
  answered: 'green',
  after_hours: 'default',
  overflow: 'gold',
  voicemail: 'blue',
  abandoned_queue: 'orange',
  missed: 'red',
  abandoned_ivr: 'orange',
  failed: 'red',
};
const OUTCOMES = Object.keys(COLOR) as Outcome[];

interface Call {
  id: number;
  direction: string;
  caller: string;
  did: string;
  enteredAt: string;
  ivrPath: string;
  queueId: number | null;
  waitSeconds: number | null;
  agent: string;
  talkSeconds: number;
  holdSeconds: number;
  outcome: string;
  recording: string | null;
}

function CallFilters({
  onChange,
  t,
}: {
  onChange: (q: Record<string, string | undefined>) => void;
  t: (k: string) => string;
}) {
  const names = useQueueNames();
  return (
    <FilterBar
      onChange={(q) => {
        // the queue filter is one id; FilterBar gives multi-selects as a comma list
        const queue = q.queue?.split(',')[0];
        onChange({ ...q, queue });
      }}
      fields={[
        { name: 'range', kind: 'range' },
        {
          name: 'queue',
          kind: 'select',
          options: [...names].map(([id, name]) => ({ value: String(id), label: name })),
        },
        { name: 'agent', kind: 'text', placeholder: '1001' },
        { name: 'number', kind: 'text', placeholder: '13800000000' },
        {
          name: 'outcome',
          kind: 'select',
          options: OUTCOMES.map((o) => ({ value: o, label: t(`calls.outcomes.${o}`) })),
        },
      ]}
    />
  );
}

/** The recording as an inline player plus a download link (GET /recordings/:callId). */
export function Recording({ call, t }: { call: Call; t: (k: string) => string }) {
  if (!call.recording) return <>—</>;
  const href = call.recording; // the API gives the URL of the audio (/api/v1/recordings/<call id>)
  return (
    <Space size={4}>
      {/* biome-ignore lint/a11y/useMediaCaption: a call recording has no captions to offer */}
      <audio
        controls
        preload="none"
        src={href}
        style={{ height: 28, width: 200 }}
        aria-label={t('calls.play')}
      />
      <Button
        type="link"
        size="small"
        href={href}
        icon={<DownloadOutlined />}
        download
        data-testid={`recording-${call.id}`}
      >
        {t('calls.download')}
      </Button>
    </Space>
  );
}

export const calls: ResourceBody<Call> = {
  api: '/calls',
  paging: 'server',
  filters: ({ t, onChange }) => <CallFilters t={t} onChange={onChange} />,
  columns: ({ t }) => [
    { title: t('calls.enteredAt'), dataIndex: 'enteredAt', render: formatTime },
    {
      title: t('calls.direction'),
      dataIndex: 'direction',
      render: (d: string) => t(`calls.directions.${d}`),
    },
    { title: t('calls.caller'), dataIndex: 'caller' },
    { title: t('calls.did'), dataIndex: 'did' },
    { title: t('calls.ivrPath'), dataIndex: 'ivrPath', render: (v: string) => v || '—' },
    { title: t('calls.queue'), dataIndex: 'queueId', render: (id: number | null) => <QueueName id={id} /> },
    {
      title: t('calls.wait'),
      dataIndex: 'waitSeconds',
      render: (s: number | null) => (s === null ? '—' : formatDuration(s)),
    },
    { title: t('calls.agent'), dataIndex: 'agent', render: (v: string) => v || '—' },
    { title: t('calls.talk'), dataIndex: 'talkSeconds', render: formatDuration },
    { title: t('calls.hold'), dataIndex: 'holdSeconds', render: formatDuration },
    {
      title: t('calls.outcome'),
      dataIndex: 'outcome',
      render: (o: Outcome) => <Tag color={COLOR[o]}>{t(`calls.outcomes.${o}`, { defaultValue: o })}</Tag>,
    },
    { title: t('calls.recording'), key: 'rec', render: (_, r) => <Recording call={r} t={t} /> },
  ],
};
