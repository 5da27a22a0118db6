import { MailOutlined, SendOutlined } from '@ant-design/icons';
import { App, Descriptions, Form, Input, InputNumber, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { FilterBar } from '../components/filter-bar';
import { FormFields } from '../components/form-fields';
import { byText, timeColumn } from '../components/format';
import { ModalButton } from '../components/modal-button';
import { SettingsButton } from '../components/settings-button';
import type { ResourceBody } from './types';

interface MailTemplate {
  id: number;
  name: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  variables: string[];
  updatedAt: string;
}

interface OutboxMessage {
  id: number;
  to: string;
  template: string | null;
  reason: string;
  subject: string;
  textBody: string;
  status: 'queued' | 'sent' | 'failed' | 'bounced';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  messageId: string;
  createdAt: string;
  sentAt: string | null;
}

interface MailSettings {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  verifyCertificate: boolean;
  username: string;
  passwordSet: boolean;
  fromAddress: string;
  fromName: string;
}

const STATUS_COLOR: Record<OutboxMessage['status'], string> = {
  queued: 'blue',
  sent: 'green',
  failed: 'orange',
  bounced: 'red',
};

/** The SMTP server: the password field stays empty, and an empty one keeps the stored password. */
function ServerSettings() {
  const { t } = useTranslation();
  return (
    <SettingsButton<MailSettings>
      label={t('mail.server')}
      title={t('mail.serverTitle')}
      path="/mail/settings"
      testId="mail-settings"
      icon={<MailOutlined />}
      toValues={({ passwordSet: _set, ...doc }) => ({ ...doc, port: doc.port || 587, password: '' })}
      toBody={(v) => ({
        ...v,
        verifyCertificate: !!v.verifyCertificate,
        username: v.username ?? '',
        fromName: v.fromName ?? '',
        // empty keeps the stored password; the clear box clears it
        password: v.clearPassword ? null : v.password ? v.password : undefined,
        clearPassword: undefined,
      })}
      fields={[
        {
          name: 'host',
          label: t('mail.host'),
          required: true,
          input: <Input placeholder="smtp.example.com" />,
        },
        { name: 'port', label: t('mail.port'), required: true, input: <InputNumber min={1} max={65535} /> },
        {
          name: 'security',
          label: t('mail.security.label'),
          required: true,
          input: (
            <Select
              options={['starttls', 'tls', 'none'].map((s) => ({ value: s, label: t(`mail.security.${s}`) }))}
            />
          ),
        },
        { name: 'verifyCertificate', label: t('mail.verifyCertificate'), switch: true },
        { name: 'username', label: t('mail.username'), input: <Input autoComplete="off" /> },
        {
          name: 'password',
          label: t('mail.password'),
          extra: t('mail.passwordHelp'),
          input: <Input.Password autoComplete="new-password" />,
        },
        { name: 'clearPassword', label: t('mail.clearPassword'), switch: true },
        {
          name: 'fromAddress',
          label: t('mail.fromAddress'),
          required: true,
          input: <Input placeholder="service@example.com" />,
        },
        {
          name: 'fromName',
          label: t('mail.fromName'),
          input: <Input placeholder={t('mail.fromNamePlaceholder')} />,
        },
      ]}
    />
  );
}

/** Sends one message now and shows what the server said. */
function TestSend() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm();
  const send = async () => {
    let values: { to: string };
    try {
      values = await form.validateFields();
    } catch {
      return false;
    }
    try {
      const r = await post<{ ok: boolean; error?: string; response?: string }>('/mail/test', values);
      if (r.ok) message.success(t('mail.testSent'));
      else modal.error({ title: t('mail.testFailed'), content: r.error });
      return r.ok;
    } catch (err) {
      showApiError(err, { form, message, t });
      return false;
    }
  };
  return (
    <ModalButton
      label={t('mail.test')}
      title={t('mail.test')}
      icon={<SendOutlined />}
      okText={t('mail.send')}
      onOk={send}
    >
      <Form form={form} name="mail-test" layout="vertical">
        <FormFields
          fields={[{ name: 'to', label: t('mail.to'), required: true, input: <Input type="email" /> }]}
        />
      </Form>
    </ModalButton>
  );
}

/** 邮件模板: admins only (the server's login and what customers receive). */
export const mail: ResourceBody<MailTemplate> = {
  api: '/mail/templates',
  paging: 'client',
  searchText: (m) => [m.name, m.subject],
  toolbar: (ctx) =>
    ctx.writer && (
      <>
        <ServerSettings />
        <TestSend />
      </>
    ),
  columns: ({ t }) => [
    { title: t('mail.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    { title: t('mail.subject'), dataIndex: 'subject', ellipsis: true },
    {
      title: t('mail.variables'),
      dataIndex: 'variables',
      render: (vs: string[]) => vs.map((v) => <Tag key={v}>{`{{${v}}}`}</Tag>),
    },
    timeColumn(t('common.updatedAt'), 'updatedAt'),
  ],
  form: {
    width: 720,
    fields: ({ t }) => [
      { name: 'name', label: t('mail.name'), required: true },
      {
        name: 'subject',
        label: t('mail.subject'),
        required: true,
        extra: t('mail.placeholderHelp', { example: '{{name}}' }),
      },
      { name: 'textBody', label: t('mail.textBody'), required: true, input: <Input.TextArea rows={8} /> },
      {
        name: 'htmlBody',
        label: t('mail.htmlBody'),
        extra: t('mail.htmlHelp'),
        input: <Input.TextArea rows={6} placeholder={t('mail.htmlPlaceholder')} />,
      },
    ],
    toBody: (v) => ({
      name: v.name,
      subject: v.subject,
      textBody: v.textBody,
      htmlBody: v.htmlBody ? v.htmlBody : null,
    }),
  },
};

/** 发件箱: every message queued, sent, bounced or failed, with its last SMTP error. */
export const mailOutbox: ResourceBody<OutboxMessage> = {
  api: '/mail/outbox',
  paging: 'server',
  serverSearch: true,
  filters: ({ onChange, t }) => (
    <FilterBar
      onChange={onChange}
      fields={[
        {
          name: 'status',
          kind: 'select',
          options: Object.keys(STATUS_COLOR).map((s) => ({ value: s, label: t(`mail.status.${s}`) })),
        },
      ]}
    />
  ),
  columns: ({ t }) => [
    timeColumn(t('common.createdAt'), 'createdAt'),
    { title: t('mail.to'), dataIndex: 'to' },
    { title: t('mail.subject'), dataIndex: 'subject', ellipsis: true },
    { title: t('mail.reason'), dataIndex: 'reason' },
    {
      title: t('mail.status.label'),
      dataIndex: 'status',
      render: (s: OutboxMessage['status']) => <Tag color={STATUS_COLOR[s]}>{t(`mail.status.${s}`)}</Tag>,
    },
    { title: t('mail.attempts'), dataIndex: 'attempts' },
    { title: t('mail.lastError'), dataIndex: 'lastError', ellipsis: true, render: (v) => v ?? '—' },
  ],
  expandable: (m, { t }) => (
    <Descriptions size="small" column={1}>
      <Descriptions.Item label="Message-ID">{m.messageId}</Descriptions.Item>
      <Descriptions.Item label={t('mail.template')}>{m.template ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('mail.nextAttempt')}>{m.nextAttemptAt ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('mail.textBody')}>
        <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{m.textBody}</Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  ),
};
