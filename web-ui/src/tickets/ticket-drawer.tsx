import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Input,
  List,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, patch, post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { formatBytes, formatTime } from '../components/format';
import { useLoaded } from '../components/use-loaded';
import {
  type Assignees,
  assigneeFields,
  assigneeOptions,
  assigneeValue,
  type Status,
  TICKETS,
  type TicketDetail,
  type TimelineView,
} from './model';
import { DueTime, PriorityTag, StatusTag } from './tags';

/**
 * The types the API takes, by name ending, for files the browser gives no
 * type (a .log, a .csv on some systems); the API checks the bytes either way.
 */
const TYPE_BY_EXT: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  zip: 'application/zip',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const typeOf = (file: File) =>
  TYPE_BY_EXT[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? (file.type || 'application/octet-stream');

/** Status changes are stored as `new → in_progress`: shown with the statuses' names. */
function EntryText({ entry }: { entry: TimelineView }) {
  if (entry.kind !== 'status') return <span style={{ whiteSpace: 'pre-wrap' }}>{entry.body}</span>;
  const [from, to] = entry.body.split(' → ');
  return (
    <Space size={4}>
      <StatusTag status={from as Status} />
      →
      <StatusTag status={to as Status} />
    </Space>
  );
}

/** One ticket: fields, workflow buttons, assignee, timeline with a comment box, attachments. */
export function TicketDrawer({
  id,
  onClose,
  onChanged,
  assignees,
}: {
  id: number | null;
  onClose: () => void;
  onChanged: () => void;
  assignees: Assignees | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: ticket, reload } = useLoaded<TicketDetail>(id === null ? null : `${TICKETS}/${id}`);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const shown = ticket && ticket.id === id ? ticket : undefined;

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      message.success(done);
      reload();
      onChanged();
      return true;
    } catch (err) {
      // a refused transition is a 409 whose message names the allowed ones
      showApiError(err, { message, t });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const path = `${TICKETS}/${id}`;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="large"
      title={shown ? `${shown.number} · ${shown.title}` : t('tickets.title')}
      data-testid="ticket-drawer"
      destroyOnHidden
    >
      {!shown ? (
        <Spin />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 16 }}>
            <Typography.Text type="secondary">{t('tickets.moveTo')}</Typography.Text>
            {shown.next.map((s) => (
              <Button
                key={s}
                disabled={busy}
                data-testid={`move-${s}`}
                onClick={() =>
                  run(
                    () => patch(path, { status: s }),
                    t('tickets.moved', { status: t(`tickets.statuses.${s}`) }),
                  )
                }
              >
                {t(`tickets.statuses.${s}`)}
              </Button>
            ))}
          </Space>
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={t('tickets.status')}>
              <span data-testid="ticket-status">
                <StatusTag status={shown.status} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.priority')}>
              <PriorityTag priority={shown.priority} />
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.customer')}>
              {shown.customer ? (
                <Space size={4}>
                  {shown.customer.name}
                  {shown.customer.vip > 0 && <Tag color="gold">VIP {shown.customer.vip}</Tag>}
                </Space>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.category')}>{shown.category ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.assignee')} span={2}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ minWidth: 240 }}
                placeholder={t('tickets.unassigned')}
                value={assigneeValue(shown)}
                options={assigneeOptions(assignees, t)}
                data-testid="ticket-assignee"
                onChange={(v: string | undefined) =>
                  run(() => patch(path, assigneeFields(v)), t('tickets.assigned'))
                }
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.dueAt')}>
              <DueTime ticket={shown} />
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.createdBy')}>
              {shown.createdBy} · {formatTime(shown.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.calls')} span={2}>
              {shown.callIds.length
                ? shown.callIds.map((c) => (
                    // the calls page has no filter by call id: it opens on the call list
                    <Link key={c} to="/calls">
                      <Tag>#{c}</Tag>
                    </Link>
                  ))
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.description')} span={2}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{shown.description || '—'}</span>
            </Descriptions.Item>
          </Descriptions>

          <Divider titlePlacement="start">{t('tickets.attachments')}</Divider>
          {shown.attachments.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.noAttachments')} />
          ) : (
            <List
              size="small"
              data-testid="attachments"
              dataSource={shown.attachments}
              renderItem={(a) => (
                <List.Item
                  actions={[
                    <Button
                      key="dl"
                      type="link"
                      size="small"
                      icon={<DownloadOutlined />}
                      href={`/api/v1${path}/attachments/${a.id}`}
                      download={a.name}
                      aria-label={a.name}
                    />,
                  ]}
                >
                  <List.Item.Meta
                    title={a.name}
                    description={`${formatBytes(a.size)} · ${a.author} · ${formatTime(a.createdAt)}`}
                  />
                </List.Item>
              )}
            />
          )}
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              void run(
                () =>
                  api('POST', `${path}/attachments`, {
                    raw: { data: file, type: typeOf(file) },
                    query: { name: file.name },
                  }),
                t('tickets.uploaded', { name: file.name }),
              );
              return false;
            }}
          >
            <Button
              icon={<UploadOutlined />}
              disabled={busy}
              data-testid="upload"
              title={t('tickets.uploadHelp')}
            >
              {t('tickets.upload')}
            </Button>
          </Upload>

          <Divider titlePlacement="start">{t('tickets.timeline')}</Divider>
          <Timeline
            data-testid="timeline"
            items={shown.timeline.map((e) => ({
              key: e.id,
              color: e.kind === 'comment' ? 'blue' : 'gray',
              content: (
                <>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(e.createdAt)} · {e.author} · {t(`tickets.kinds.${e.kind}`)}
                  </Typography.Text>
                  <div>
                    <EntryText entry={e} />
                  </div>
                </>
              ),
            }))}
          />
          <Space.Compact style={{ width: '100%' }}>
            <Input.TextArea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder={t('tickets.commentPlaceholder')}
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={4000}
              data-testid="comment"
            />
          </Space.Compact>
          <Button
            type="primary"
            style={{ marginTop: 8 }}
            disabled={busy || !comment.trim()}
            data-testid="add-comment"
            onClick={async () => {
              if (await run(() => post(`${path}/comments`, { body: comment }), t('tickets.commented')))
                setComment('');
            }}
          >
            {t('tickets.addComment')}
          </Button>
        </>
      )}
    </Drawer>
  );
}
