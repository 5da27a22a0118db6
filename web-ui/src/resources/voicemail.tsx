import { MailOutlined, SoundOutlined } from '@ant-design/icons';
import { Button, Input, Popover } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { byText, durationColumn, timeColumn } from '../components/format';
import { SettingsButton } from '../components/settings-button';
import type { ResourceBody } from './types';

interface MailboxEmail {
  enabled: boolean;
  address: string | null;
  ownerEmail: string | null;
}

/** 留言转邮箱 for the signed-in user's own mailbox (the seat linked to them). */
function MailboxEmailButton() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [owner, setOwner] = useState<string | null>(null);
  const ext = user?.seatExtension;
  if (!ext) return null;
  return (
    <SettingsButton<MailboxEmail>
      label={t('voicemail.email')}
      title={`${t('voicemail.email')} · ${ext}`}
      path={`/voicemail/${ext}/email`}
      testId="voicemail-email"
      icon={<MailOutlined />}
      toValues={(s) => {
        setOwner(s.ownerEmail);
        return { enabled: s.enabled, address: s.address ?? '' };
      }}
      toBody={(v) => ({ enabled: !!v.enabled, address: v.address ? String(v.address).trim() : null })}
      fields={[
        { name: 'enabled', label: t('voicemail.emailEnabled'), switch: true },
        {
          name: 'address',
          label: t('voicemail.emailAddress'),
          extra: t('voicemail.emailAddressHelp', { owner: owner ?? t('voicemail.emailNoOwner') }),
          input: <Input allowClear type="email" placeholder={owner ?? 'name@example.com'} />,
        },
      ]}
    />
  );
}

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
  toolbar: () => <MailboxEmailButton />,
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
