import { Button, Drawer, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Consent, Contact, ContactList, DncEntry } from '../../../src/contacts/schema';
import { get, type Page, post, type Sent } from '../api/client';
import { useNamedOptions } from '../components/use-options';
import { ImportDialog } from './import-dialog';
import { C, DeleteButton, enumOptions, type Row, usePage, useSubmit } from './page-kit';

/** The consents kept for one contact's number, with their evidence. */
function ConsentsOf({ number }: { number: string }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Sent<Consent>[] | null>(null);
  const show = () =>
    get<Page<Sent<Consent>>>(`${C}/consents`, { number })
      .then((p) => setItems(p.items))
      .catch(() => setItems([]));
  return (
    <>
      <Button size="small" onClick={show}>
        {t('contacts.consents')}
      </Button>
      <Modal
        open={items !== null}
        footer={null}
        onCancel={() => setItems(null)}
        title={`${t('contacts.consents')} · ${number}`}
      >
        <Table
          size="small"
          rowKey="id"
          dataSource={items ?? []}
          pagination={false}
          columns={[
            { title: t('contacts.type'), dataIndex: 'type', render: (s) => t(`contacts.types.${s}`) },
            {
              title: t('contacts.grantedAt'),
              dataIndex: 'grantedAt',
              render: (s: string) => new Date(s).toLocaleString(),
            },
            { title: t('contacts.evidence'), dataIndex: 'evidence' },
            {
              title: t('contacts.revokedAt'),
              dataIndex: 'revokedAt',
              render: (s: string | null) => (s ? new Date(s).toLocaleString() : ''),
            },
          ]}
        />
      </Modal>
    </>
  );
}

function ContactsDrawer({ list, onClose }: { list: Sent<ContactList> | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState<string>();
  const { page, reload, pagination } = usePage<Row<Contact>>(list ? `${C}/lists/${list.id}/contacts` : null, {
    q,
  });
  const names = list ? Object.keys(list.mapping.variables) : [];
  return (
    <Drawer
      open={list !== null}
      onClose={onClose}
      width={900}
      title={`${t('contacts.contactsOf')} · ${list?.name ?? ''}`}
    >
      <Space style={{ marginBottom: 12 }}>
        <Input.Search allowClear onSearch={(v) => setQ(v || undefined)} />
        <a href={`/api/v1${C}/lists/${list?.id}/export?format=csv`}>{t('contacts.export')} CSV</a>
        <a href={`/api/v1${C}/lists/${list?.id}/export?format=xlsx`}>{t('contacts.export')} XLSX</a>
      </Space>
      <Table
        size="small"
        rowKey="id"
        dataSource={page.items}
        pagination={pagination}
        columns={[
          { title: t('contacts.number'), dataIndex: 'number' },
          { title: t('contacts.timeZone'), dataIndex: 'timeZone' },
          {
            title: t('contacts.consents'),
            key: 'consents',
            render: (_: unknown, c: Row<Contact>) => <ConsentsOf number={c.number} />,
          },
          ...names.map((n) => ({
            title: n,
            key: n,
            render: (_: unknown, c: Row<Contact>) => c.variables[n],
          })),
          {
            title: '',
            key: 'del',
            render: (_: unknown, c: Row<Contact>) => (
              <DeleteButton path={`${C}/lists/${list?.id}/contacts/${c.id}`} onDone={reload} />
            ),
          },
        ]}
      />
    </Drawer>
  );
}

function ListsTab() {
  const { t } = useTranslation();
  const { page, reload, pagination } = usePage<Sent<ContactList>>(`${C}/lists`);
  const schedules = useNamedOptions('/schedules');
  const [shown, setShown] = useState<Sent<ContactList> | null>(null);
  const [creating, setCreating] = useState(false);
  const { form, submit: create } = useSubmit(
    (v: { scheduleId?: number }) => post(`${C}/lists`, { ...v, scheduleId: v.scheduleId ?? null }),
    () => {
      setCreating(false);
      reload();
    },
  );
  const scheduleName = (id: number | null) =>
    schedules.options.find((o) => o.value === id)?.label ?? t('contacts.noSchedule');
  return (
    <>
      <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
        {t('contacts.newList')}
      </Button>
      <Table
        rowKey="id"
        dataSource={page.items}
        pagination={pagination}
        columns={[
          {
            title: t('contacts.name'),
            dataIndex: 'name',
            render: (n, l) => (
              <Button type="link" size="small" onClick={() => setShown(l)}>
                {n}
              </Button>
            ),
          },
          {
            title: t('contacts.purpose'),
            dataIndex: 'purpose',
            render: (p) => <Tag>{t(`contacts.purposes.${p}`)}</Tag>,
          },
          { title: t('contacts.schedule'), dataIndex: 'scheduleId', render: scheduleName },
          { title: t('contacts.count'), dataIndex: 'contacts' },
          {
            title: '',
            key: 'actions',
            render: (_, l) => (
              <Space>
                <ImportDialog list={l} onDone={reload} />
                <DeleteButton path={`${C}/lists/${l.id}`} onDone={reload} />
              </Space>
            ),
          },
        ]}
      />
      <Modal open={creating} title={t('contacts.newList')} onCancel={() => setCreating(false)} onOk={create}>
        <Form form={form} layout="vertical" initialValues={{ purpose: 'notification' }}>
          <Form.Item name="name" label={t('contacts.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="purpose" label={t('contacts.purpose')}>
            <Select
              options={enumOptions(['marketing', 'notification', 'collection'], 'contacts.purposes', t)}
            />
          </Form.Item>
          <Form.Item name="scheduleId" label={t('contacts.schedule')}>
            <Select allowClear options={schedules.options} placeholder={t('contacts.noSchedule')} />
          </Form.Item>
        </Form>
      </Modal>
      <ContactsDrawer list={shown} onClose={() => setShown(null)} />
    </>
  );
}

function DncTab() {
  const { t } = useTranslation();
  const [q, setQ] = useState<string>();
  const { page, reload, pagination } = usePage<Sent<DncEntry>>(`${C}/dnc`, { q });
  const { form, submit: add } = useSubmit(
    (v: { number: string; reason?: string }) =>
      post(`${C}/dnc`, { number: v.number, reason: v.reason ?? '' }),
    reload,
  );
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear onSearch={(v) => setQ(v || undefined)} />
        <Form form={form} layout="inline" onFinish={add}>
          <Form.Item name="number" rules={[{ required: true }]}>
            <Input placeholder={t('contacts.number')} />
          </Form.Item>
          <Form.Item name="reason">
            <Input placeholder={t('contacts.reason')} />
          </Form.Item>
          <Button htmlType="submit">{t('contacts.addDnc')}</Button>
        </Form>
      </Space>
      <Table
        rowKey="id"
        dataSource={page.items}
        pagination={pagination}
        columns={[
          { title: t('contacts.number'), dataIndex: 'number' },
          {
            title: t('contacts.source'),
            dataIndex: 'source',
            render: (s) => <Tag>{t(`contacts.sources.${s}`)}</Tag>,
          },
          { title: t('contacts.reason'), dataIndex: 'reason' },
          {
            title: t('contacts.createdAt'),
            dataIndex: 'createdAt',
            render: (s: string) => new Date(s).toLocaleString(),
          },
          { title: t('contacts.createdBy'), dataIndex: 'createdBy' },
          {
            title: '',
            key: 'del',
            render: (_, e) => <DeleteButton path={`${C}/dnc/${e.id}`} onDone={reload} />,
          },
        ]}
      />
    </>
  );
}

function ConsentsTab() {
  const { t } = useTranslation();
  const [number, setNumber] = useState<string>();
  const { page, reload, pagination } = usePage<Sent<Consent>>(`${C}/consents`, { number });
  const [adding, setAdding] = useState(false);
  const { form, submit: add } = useSubmit(
    (v: { grantedAt: string; evidenceRef?: string }) =>
      post(`${C}/consents`, {
        ...v,
        grantedAt: new Date(v.grantedAt).toISOString(),
        evidenceRef: v.evidenceRef || null,
      }),
    () => {
      setAdding(false);
      reload();
    },
  );
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('contacts.number')}
          onSearch={(v) => setNumber(v || undefined)}
        />
        <Button onClick={() => setAdding(true)}>{t('contacts.addConsent')}</Button>
      </Space>
      <Table
        rowKey="id"
        dataSource={page.items}
        pagination={pagination}
        columns={[
          { title: t('contacts.number'), dataIndex: 'number' },
          { title: t('contacts.type'), dataIndex: 'type', render: (s) => t(`contacts.types.${s}`) },
          {
            title: t('contacts.grantedAt'),
            dataIndex: 'grantedAt',
            render: (s: string) => new Date(s).toLocaleString(),
          },
          {
            title: t('contacts.evidence'),
            dataIndex: 'evidence',
            render: (s: string) => <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{s}</Typography.Text>,
          },
          { title: t('contacts.evidenceRef'), dataIndex: 'evidenceRef' },
          {
            title: t('contacts.revokedAt'),
            dataIndex: 'revokedAt',
            render: (s: string | null, c) =>
              s ? (
                new Date(s).toLocaleString()
              ) : (
                <Button size="small" onClick={() => post(`${C}/consents/${c.id}/revoke`, {}).then(reload)}>
                  {t('contacts.revoke')}
                </Button>
              ),
          },
        ]}
      />
      <Modal open={adding} title={t('contacts.addConsent')} onCancel={() => setAdding(false)} onOk={add}>
        <Form form={form} layout="vertical" initialValues={{ type: 'marketing' }}>
          <Form.Item name="number" label={t('contacts.number')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="type" label={t('contacts.type')}>
            <Select options={enumOptions(['marketing', 'notification'], 'contacts.types', t)} />
          </Form.Item>
          <Form.Item name="grantedAt" label={t('contacts.grantedAt')} rules={[{ required: true }]}>
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item name="evidence" label={t('contacts.evidence')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="evidenceRef" label={t('contacts.evidenceRef')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 联系人名单: lists with their import report, the do-not-call list and consents. */
export function ContactsPage() {
  const { t } = useTranslation();
  return (
    <Tabs
      items={[
        { key: 'lists', label: t('contacts.lists'), children: <ListsTab /> },
        { key: 'dnc', label: t('contacts.dnc'), children: <DncTab /> },
        { key: 'consents', label: t('contacts.consents'), children: <ConsentsTab /> },
      ]}
    />
  );
}
