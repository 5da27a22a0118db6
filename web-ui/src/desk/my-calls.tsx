import { PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outcome } from '../../../src/calls/rows';
import type { Call } from '../../../src/calls/schema';
import { get, type Page } from '../api/client';
import { formatDuration, formatTime } from '../components/format';
import { Recording } from '../resources/calls';

/**
 * The seat's latest calls (GET /calls: an agent's list is their own seat's
 * by the API's rule) with the recording where the API offers one. Reloaded
 * when a wrap-up is stored (`version`).
 */
export function MyCalls({
  agent,
  queues,
  version,
  onDial,
}: {
  agent: string | undefined;
  /** Queue names by id (agents may not list queues: the desk's directory has them). */
  queues: Map<number, string>;
  version: number;
  onDial: (number: string) => void;
}) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Call[]>([]);
  const [loading, setLoading] = useState(false);
  const load = useCallback(() => {
    setLoading(true);
    get<Page<Call>>('/calls', { agent, limit: 10 })
      .then((p) => setRows(p.items))
      .catch(() => setRows([]))
      .finally(() => setLoading(false));
  }, [agent]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when there is more to show
  useEffect(load, [load, version]);
  return (
    <Card
      size="small"
      title={t('desk.myCalls.title')}
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={load} aria-label={t('desk.myCalls.reload')} />
      }
      data-testid="my-calls"
    >
      <Table<Call>
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={rows}
        scroll={{ x: true }}
        columns={[
          { title: t('calls.enteredAt'), dataIndex: 'enteredAt', render: formatTime },
          {
            title: t('calls.caller'),
            dataIndex: 'caller',
            render: (n: string) =>
              /^\+?[0-9]{2,20}$/.test(n) ? (
                <Button type="link" size="small" icon={<PhoneOutlined />} onClick={() => onDial(n)}>
                  {n}
                </Button>
              ) : (
                n || '—'
              ),
          },
          {
            title: t('calls.queue'),
            dataIndex: 'queueId',
            render: (id: number | null) => (id === null ? '—' : (queues.get(id) ?? `#${id}`)),
          },
          { title: t('calls.talk'), dataIndex: 'talkSeconds', render: (s: number) => formatDuration(s) },
          {
            title: t('calls.outcome'),
            dataIndex: 'outcome',
            render: (o: Outcome) => <Tag>{t(`calls.outcomes.${o}`)}</Tag>,
          },
          {
            title: t('desk.wrapUp.disposition'),
            key: 'wrapUp',
            render: (_: unknown, c: Call) =>
              c.wrapUp ? (
                <Tag color="blue" data-testid={`my-call-wrapup-${c.linkedid}`}>
                  {c.wrapUp.disposition}
                </Tag>
              ) : (
                '—'
              ),
          },
          {
            title: t('calls.recording'),
            key: 'recording',
            render: (_: unknown, c: Call) => <Recording call={c} t={t} />,
          },
        ]}
      />
    </Card>
  );
}
