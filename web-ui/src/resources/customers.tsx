import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Input, InputNumber, Select, Tag, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer as ServerCustomer } from '../../../src/customers/schema';
import { api, type Sent } from '../api/client';
import { useSession } from '../auth/session';
import { showApiError } from '../components/api-errors';
import { byNumber, byText, formatTime, tagsColumn } from '../components/format';
import { SettingsButton } from '../components/settings-button';
import type { ResourceBody, ResourceCtx } from './types';

type Customer = Sent<ServerCustomer>;

/** CSV import (header name,company,numbers,vip,boundAgent,notes, or their Chinese names): all rows or none. */
function ImportCsv({ reload }: ResourceCtx) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  return (
    <Upload
      accept=".csv,text/csv"
      showUploadList={false}
      beforeUpload={(file) => {
        void file
          .text()
          .then((text) =>
            api<{ created: number; updated: number }>('POST', '/customers/import', {
              raw: { data: text, type: 'text/csv; charset=utf-8' },
            }),
          )
          .then((r) => {
            modal.success({ title: t('customers.imported'), content: t('customers.importResult', r) });
            reload();
          })
          .catch((err) => showApiError(err, { message, t }));
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} title={t('customers.importHelp')}>
        {t('customers.import')}
      </Button>
    </Upload>
  );
}

/** Every customer as CSV, in the import's columns (the browser saves the file). */
function ExportCsv() {
  const { t } = useTranslation();
  return (
    <Button icon={<DownloadOutlined />} href="/api/v1/customers/export" download="customers.csv">
      {t('customers.export')}
    </Button>
  );
}

/** The external CRM asked first on a caller lookup (admins only: the URL may carry a key). */
function WebhookSettings() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (user?.role !== 'admin') return null;
  return (
    <SettingsButton<{ url: string | null; timeoutMs: number; enabled: boolean }>
      label={t('customers.webhook')}
      title={t('customers.webhookTitle')}
      path="/customers/webhook"
      toBody={(v) => ({ url: v.url ? v.url : null, timeoutMs: v.timeoutMs, enabled: !!v.enabled })}
      fields={[
        {
          name: 'url',
          label: t('customers.webhookUrl'),
          extra: t('customers.webhookHelp'),
          input: <Input allowClear placeholder="https://crm.example.com/lookup" />,
        },
        {
          name: 'timeoutMs',
          label: t('customers.webhookTimeout'),
          input: <InputNumber min={100} max={3000} step={100} />,
        },
        { name: 'enabled', label: t('common.enabled'), switch: true },
      ]}
    />
  );
}

export const customers: ResourceBody<Customer> = {
  api: '/customers',
  paging: 'server',
  serverSearch: true,
  toolbar: (ctx) =>
    ctx.writer && (
      <>
        <ImportCsv {...ctx} />
        <ExportCsv />
        <WebhookSettings />
      </>
    ),
  columns: ({ t }) => [
    { title: t('customers.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    { title: t('customers.company'), dataIndex: 'company', render: (v: string) => v || '—' },
    tagsColumn(t('customers.numbers'), 'numbers'),
    {
      title: t('customers.vip'),
      dataIndex: 'vip',
      sorter: byNumber((r) => r.vip),
      render: (v: number) => (v > 0 ? <Tag color="gold">VIP {v}</Tag> : '—'),
    },
    { title: t('customers.boundAgent'), dataIndex: 'boundAgent', render: (v) => v ?? '—' },
    { title: t('customers.notes'), dataIndex: 'notes', ellipsis: true },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: formatTime },
  ],
  form: {
    initialValues: { vip: 0, numbers: [] },
    fields: ({ t }) => [
      { name: 'name', label: t('customers.name'), required: true },
      { name: 'company', label: t('customers.company'), input: <Input maxLength={100} /> },
      {
        name: 'numbers',
        label: t('customers.numbers'),
        extra: t('customers.numbersHelp'),
        input: <Select mode="tags" tokenSeparators={[',', ' ']} open={false} />,
      },
      { name: 'vip', label: t('customers.vip'), input: <InputNumber min={0} max={9} /> },
      {
        name: 'boundAgent',
        label: t('customers.boundAgent'),
        input: <Input allowClear placeholder="1001" />,
      },
      { name: 'notes', label: t('customers.notes'), input: <Input.TextArea rows={3} /> },
    ],
    toBody: (v) => ({
      name: v.name,
      company: v.company ?? '',
      numbers: v.numbers ?? [],
      vip: v.vip ?? 0,
      boundAgent: v.boundAgent ? v.boundAgent : null,
      notes: v.notes ?? '',
    }),
  },
};
