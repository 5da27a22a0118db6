import { SoundOutlined } from '@ant-design/icons';
import { Button, Popover } from 'antd';
import { byText, durationColumn, timeColumn } from '../components/format';
import type { ResourceBody } from './types';

interface VoicemailMessage {
  msgId: string;
  extension: string;
  folder: string;
  callerName: string;
  callerNumber: string;
  receivedAt: string | null;
  durationSeconds: number;
  audio: string;
}

export const voicemail: ResourceBody<VoicemailMessage> = {
  api: '/voicemail',
  paging: 'client',
  maxRows: null,
  rowKey: (m) => `${m.extension}/${m.msgId}`,
  itemPath: (m) => `/voicemail/${m.extension}/${encodeURIComponent(m.msgId)}`,
  canDelete: true,
  searchText: (m) => [m.extension, m.callerName, m.callerNumber],
  columns: ({ t }) => [
    { title: t('voicemail.extension'), dataIndex: 'extension', sorter: byText((r) => r.extension) },
    {
      title: t('voicemail.folder'),
      dataIndex: 'folder',
      render: (f: string) => t(`voicemail.folders.${f}`, { defaultValue: f }),
    },
    {
      title: t('voicemail.caller'),
      key: 'caller',
      render: (_, m) => [m.callerName, m.callerNumber].filter(Boolean).join(' ') || '—',
    },
    timeColumn(t('voicemail.receivedAt'), 'receivedAt'),
    durationColumn(t('voicemail.duration'), 'durationSeconds'),
  ],
  rowActions: (m, { t }) => (
    <Popover
      trigger="click"
      destroyOnHidden
      // biome-ignore lint/a11y/useMediaCaption: a voicemail recording has no caption track
      content={<audio controls autoPlay src={m.audio} />}
    >
      <Button type="text" size="small" icon={<SoundOutlined />} aria-label={t('voicemail.play')} />
    </Popover>
  ),
};
