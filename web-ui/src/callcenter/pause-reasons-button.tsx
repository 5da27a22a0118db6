import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Popconfirm, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { FormField } from '../components/form-fields';
import { ModalButton } from '../components/modal-button';
import { loadReasons, type PauseReason } from './agent-actions';

/** Lists, adds and removes pause reasons (/agents/pause-reasons). */
export function PauseReasonsButton({ writer }: { writer: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [rows, setRows] = useState<PauseReason[]>([]);
  const [form] = Form.useForm<{ code: number; name: string }>();
  const refresh = async () => setRows(await loadReasons(true));
  const add = async () => {
    const v = await form.validateFields();
    try {
      await post('/agents/pause-reasons', v);
      form.resetFields();
      await refresh();
    } catch (err) {
      showApiError(err, { form, message, t });
    }
  };
  const remove = async (id: number) => {
    try {
      await del(`/agents/pause-reasons/${id}`);
      await refresh();
    } catch (err) {
      showApiError(err, { message, t });
    }
  };
  return (
    <ModalButton
      label={t('agents.reasons')}
      testId="pause-reasons"
      onOpen={() => void refresh()}
      title={t('agents.reasons')}
      footer={null}
    >
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('agents.reasonCode'), dataIndex: 'code', width: 80 },
          { title: t('agents.reasonName'), dataIndex: 'name' },
          ...(writer
            ? [
                {
                  key: 'x',
                  width: 50,
                  render: (_: unknown, r: PauseReason) => (
                    <Popconfirm title={t('common.confirmDelete')} onConfirm={() => remove(r.id)}>
                      <Button
                        type="text"
                        danger
                        size="small"
                        icon={<DeleteOutlined />}
                        aria-label={t('common.delete')}
                      />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {writer && (
        <Form form={form} name="pause-reason" layout="inline" style={{ marginTop: 16 }}>
          <Space>
            <FormField
              name="code"
              required
              input={<InputNumber min={1} max={98} placeholder={t('agents.reasonCode')} />}
            />
            <FormField
              name="name"
              required
              input={<Input maxLength={32} placeholder={t('agents.reasonName')} />}
            />
            <Button icon={<PlusOutlined />} onClick={add}>
              {t('agents.addReason')}
            </Button>
          </Space>
        </Form>
      )}
    </ModalButton>
  );
}
