import { ExportOutlined, PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, List, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outcome } from '../../../src/calls/rows';
import type { DeskContext } from '../../../src/desk/schema';
import { formatDuration, formatTime } from '../components/format';
import type { DeskCall } from './desk-model';

const PHASE_COLOR = { ringing: 'orange', talking: 'blue', ended: 'default' } as const;

/** Opens the queue's CRM page for a call in a new tab, once per call, when the user asked for it. */
export const AUTO_OPEN_KEY = 'hotline.desk.autoOpenScreenPop';
const opened = new Set<string>();

/**
 * The incoming-call card: shown when the call rings, before the answer
 * (`data-phase` says where the call is), then kept for the call and its
 * wrap-up. `onDial` calls a number back from the desk.
 */
export function PopCard({
  call,
  onDial,
  onDismiss,
}: {
  call: DeskCall | null;
  onDial: (number: string) => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const pop = call?.pop ?? null;
  useEffect(() => {
    const url = pop?.screenPopUrl;
    if (!url || opened.has(pop.callId) || localStorage.getItem(AUTO_OPEN_KEY) !== '1') return;
    opened.add(pop.callId);
    window.open(url, '_blank', 'noopener');
  }, [pop]);

  if (!call)
    return (
      <Card size="small" title={t('desk.pop.idle')} data-testid="pop-idle">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desk.pop.idleHint')} />
      </Card>
    );
  return (
    <Card
      size="small"
      data-testid="pop-card"
      data-call-id={call.callId}
      data-phase={call.phase}
      data-ringing-at={pop?.ringingAt}
      title={
        <Space>
          <Tag color={PHASE_COLOR[call.phase]}>{t(`desk.pop.${call.phase}`)}</Tag>
          <Typography.Text strong data-testid="pop-number">
            {pop?.caller.number || call.callId}
          </Typography.Text>
          {pop?.customer && <CustomerTitle customer={pop.customer} />}
          {pop?.callback && (
            <Tag color="purple" data-testid="pop-callback">
              {t('desk.pop.queueCallback', { attempts: pop.callback.attempts })}
            </Tag>
          )}
        </Space>
      }
      extra={
        <Space>
          {pop?.screenPopUrl && (
            <Button
              size="small"
              icon={<ExportOutlined />}
              href={pop.screenPopUrl}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="pop-screen-pop"
            >
              {t('desk.pop.screenPop')}
            </Button>
          )}
          {call.phase === 'ended' && (
            <Button size="small" onClick={onDismiss}>
              {t('desk.pop.dismiss')}
            </Button>
          )}
        </Space>
      }
    >
      {pop ? <PopDetails pop={pop} onDial={onDial} /> : null}
    </Card>
  );
}

function CustomerTitle({ customer }: { customer: NonNullable<DeskContext['customer']> }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text strong data-testid="pop-customer">
        {customer.name}
      </Typography.Text>
      {customer.vip > 0 && (
        <Tag color="gold" data-testid="pop-vip">
          {t('desk.pop.vip', { level: customer.vip })}
        </Tag>
      )}
    </>
  );
}

function PopDetails({ pop, onDial }: { pop: DeskContext; onDial: (number: string) => void }) {
  const { t } = useTranslation();
  const none = t('desk.pop.none');
  const tickets = pop.openTickets;
  return (
    <>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('desk.pop.caller')}>
          <Space>
            {pop.caller.number || none}
            {/^\+?[0-9]{2,20}$/.test(pop.caller.number) && (
              <Button
                size="small"
                type="link"
                icon={<PhoneOutlined />}
                onClick={() => onDial(pop.caller.number)}
                data-testid="pop-call-back"
              >
                {t('desk.pop.callBack')}
              </Button>
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.pop.did')}>{pop.did || none}</Descriptions.Item>
        <Descriptions.Item label={t('desk.pop.customer')}>
          {pop.customer ? pop.customer.name : t('desk.pop.unknownCustomer')}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.pop.company')}>
          <span data-testid="pop-company">{pop.customer?.company || none}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.pop.boundAgent')}>
          {pop.customer?.boundAgent || none}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.pop.queue')}>
          {pop.queue
            ? `${pop.queue.name} · ${t('desk.pop.waited', { time: formatDuration(pop.queue.waitedSec) })}`
            : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.pop.ivr')}>
          {pop.ivr
            ? `${pop.ivr.path.join(' › ')}${pop.ivr.keys ? ` (${t('desk.pop.keys', { keys: pop.ivr.keys })})` : ''}`
            : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.pop.notes')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{pop.customer?.notes || none}</span>
        </Descriptions.Item>
      </Descriptions>
      <div style={{ display: 'flex', gap: 16, marginTop: 12, flexWrap: 'wrap' }}>
        <List
          style={{ flex: 1, minWidth: 260 }}
          size="small"
          header={<Typography.Text strong>{t('desk.pop.recentCalls')}</Typography.Text>}
          locale={{ emptyText: none }}
          dataSource={pop.recentCalls}
          renderItem={(c) => (
            <List.Item>
              <Space wrap>
                <span>{formatTime(c.enteredAt)}</span>
                <Tag>{t(`calls.outcomes.${c.outcome as Outcome}`)}</Tag>
                {c.agent && <span>{c.agent}</span>}
                {c.wrapUp && <Tag color="blue">{c.wrapUp.disposition}</Tag>}
              </Space>
            </List.Item>
          )}
        />
        <List
          style={{ flex: 1, minWidth: 260 }}
          size="small"
          header={<Typography.Text strong>{t('desk.pop.openTickets')}</Typography.Text>}
          locale={{ emptyText: none }}
          dataSource={tickets}
          renderItem={(k) => (
            <List.Item data-testid="pop-ticket">
              <Space wrap>
                <Typography.Text code>{k.number}</Typography.Text>
                <span>{k.title}</span>
                <Tag>{t(`desk.ticketStatus.${k.status}`)}</Tag>
              </Space>
            </List.Item>
          )}
        />
      </div>
    </>
  );
}
