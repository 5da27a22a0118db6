import { PhoneOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../api/client';
import { showApiError } from '../components/api-errors';
import type { TicketView } from '../tickets/model';
import { DueTime, StatusTag } from '../tickets/tags';
import '../tickets/tickets.css';

/** Open tickets: what the desk lists (oldest due first). */
const OPEN = 'new,in_progress,follow_up';

/**
 * The signed-in user's open tickets (the API lists those they may see:
 * theirs and their queues'), reloaded on every `ticket` event of the desk's
 * stream (`version`): a new or overdue ticket shows without a reload.
 * A ticket with a customer calls them back from the desk (`onDial`, their
 * first number).
 */
export function MyTickets({ version, onDial }: { version: number; onDial: (number: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const callCustomer = async (customerId: number) => {
    try {
      const c = await get<{ numbers: string[] }>(`/customers/${customerId}`);
      if (c.numbers[0]) onDial(c.numbers[0]);
      else message.warning(t('desk.myTickets.noNumber'));
    } catch (err) {
      showApiError(err, { message, t });
    }
  };
  const [rows, setRows] = useState<TicketView[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when a ticket event came in
  useEffect(() => {
    let live = true;
    get<Page<TicketView>>('/tickets', { status: OPEN, sort: 'dueAt', order: 'asc', limit: 10 })
      .then((p) => live && setRows(p.items))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [version]);
  return (
    <Card size="small" title={t('desk.myTickets.title')} data-testid="my-tickets">
      <List
        size="small"
        dataSource={rows}
        locale={{ emptyText: t('desk.myTickets.none') }}
        renderItem={(k) => (
          <List.Item data-testid={`my-ticket-${k.number}`} className={k.overdue ? 'ticket-overdue' : ''}>
            <Space orientation="vertical" size={0} style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Link
                  href={`/console/tickets?id=${k.id}`}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  {k.number}
                </Typography.Link>
                <StatusTag status={k.status} />
                {k.customer && (
                  <Button
                    type="link"
                    size="small"
                    icon={<PhoneOutlined />}
                    data-testid={`my-ticket-call-${k.number}`}
                    onClick={() => void callCustomer(k.customer!.id)}
                  >
                    {k.customer.name}
                  </Button>
                )}
              </Space>
              <Typography.Text ellipsis>{k.title}</Typography.Text>
              {k.dueAt && <DueTime ticket={k} />}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
