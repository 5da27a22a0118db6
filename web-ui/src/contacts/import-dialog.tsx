import { App, Button, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../../src/contacts/import';
import type { ContactList, Mapping } from '../../../src/contacts/schema';
import { api, type Sent } from '../api/client';
import { showApiError } from '../components/api-errors';
import { C } from './page-kit';

/** The import dialog: the mapping (number column, zone column, variables), a file, then the report. */
export function ImportDialog({ list, onDone }: { list: Sent<ContactList>; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File>();
  const [report, setReport] = useState<ImportReport>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    const v = await form.validateFields();
    if (!file) return;
    const mapping: Mapping = {
      number: v.number,
      ...(v.timeZone ? { timeZone: v.timeZone } : {}),
      variables: Object.fromEntries(
        ((v.variables ?? []) as { name: string; column: string }[]).map((x) => [x.name, x.column]),
      ),
    };
    setBusy(true);
    try {
      const r = await api<ImportReport>('POST', `${C}/lists/${list.id}/import`, {
        query: { mapping: JSON.stringify(mapping) },
        raw: { data: file, type: 'text/csv' },
      });
      setReport(r);
      onDone();
    } catch (err) {
      showApiError(err, { form, message, t });
    } finally {
      setBusy(false);
    }
  };
  const initial = {
    number: list.mapping.number,
    timeZone: list.mapping.timeZone,
    variables: Object.entries(list.mapping.variables).map(([name, column]) => ({ name, column })),
  };
  return (
    <>
      <Button
        size="small"
        onClick={() => {
          setReport(undefined);
          setOpen(true);
        }}
      >
        {t('contacts.import')}
      </Button>
      <Modal
        open={open}
        title={`${t('contacts.import')} · ${list.name}`}
        onCancel={() => setOpen(false)}
        onOk={start}
        confirmLoading={busy}
        width={720}
      >
        <Typography.Paragraph type="secondary">{t('contacts.importHelp')}</Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={initial}>
          <Form.Item name="number" label={t('contacts.numberColumn')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="timeZone" label={t('contacts.timeZoneColumn')}>
            <Input />
          </Form.Item>
          <Form.List name="variables">
            {(fields, { add, remove }) => (
              <Form.Item label={t('contacts.variables')}>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item
                      name={[f.name, 'name']}
                      rules={[{ required: true, pattern: /^[a-z][a-zA-Z0-9_]{0,31}$/ }]}
                    >
                      <Input placeholder={t('contacts.variableName')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'column']} rules={[{ required: true }]}>
                      <Input placeholder={t('contacts.columnName')} />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)}>−</Button>
                  </Space>
                ))}
                <Button onClick={() => add()}>{t('contacts.addVariable')}</Button>
              </Form.Item>
            )}
          </Form.List>
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0])} />
        </Form>
        {report && (
          <>
            <Typography.Paragraph strong style={{ marginTop: 16 }}>
              {t('contacts.report', { ...report, encoding: report.encoding ?? '-' })}
            </Typography.Paragraph>
            <Table
              size="small"
              rowKey={(r) => `${r.row}-${r.field}`}
              dataSource={report.rejections}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: t('contacts.row'), dataIndex: 'row', width: 80 },
                { title: t('contacts.field'), dataIndex: 'field', width: 120 },
                { title: t('contacts.reason'), dataIndex: 'reason' },
              ]}
            />
          </>
        )}
      </Modal>
    </>
  );
}
