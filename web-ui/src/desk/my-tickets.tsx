import { Card, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../api/client';
import type { TicketView } from '../tickets/model';
import { DueTime, StatusTag } from '../tickets/tags';
import '../tickets/tickets.css';

/** Open tickets: what the desk lists (oldest due first). */
const OPEN = 'new,in_progress,follow_up';

/**
 * The signed-in user's open tickets (the API lists those they may see:
 * theirs and their queues'), reloaded on every `ticket` event of the desk's
 * stream (`version`): a new or overdue ticket shows without a reload.
 */
export function MyTickets({ version }: { version: number }) {
  const { t } = useTranslation();
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
