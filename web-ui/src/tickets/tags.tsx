import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../components/format';
import { PRIORITY_COLOR, STATUS_COLOR, type TicketView } from './model';

export const StatusTag = ({ status }: { status: TicketView['status'] }) => {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`tickets.statuses.${status}`)}</Tag>;
};
export const PriorityTag = ({ priority }: { priority: TicketView['priority'] }) => {
  const { t } = useTranslation();
  return <Tag color={PRIORITY_COLOR[priority]}>{t(`tickets.priorities.${priority}`)}</Tag>;
};
export const DueTime = ({ ticket }: { ticket: TicketView }) => {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      {formatTime(ticket.dueAt)}
      {ticket.overdue && (
        <Tag color="red" data-testid="overdue-tag">
          {t('tickets.overdue')}
        </Tag>
      )}
    </Space>
  );
};
