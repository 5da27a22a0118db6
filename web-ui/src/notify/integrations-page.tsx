import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { formatTime } from '../components/format';
import { DeleteButton, IconButton } from '../components/icon-button';
import { useLoaded } from '../components/use-loaded';

interface Integration {
  id: number;
  name: string;
  createdAt: string;
}
/** A create or a rotate answers the secret: the one time the box shows it. */
interface WithSecret {
  id: number;
  name: string;
  secret: string;
}

/** 对接系统: integrations allowed to post signed events (docs/notify.md). */
export function IntegrationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, reload } = useLoaded<{ items: Integration[] }>('/notify/integrations');
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<WithSecret | null>(null);
  const [form] = Form.useForm<{ name: string }>();

  const run = async (action: () => Promise<unknown>) => {
    try {
      const answer = await action();
      if (answer && typeof answer === 'object' && 'secret' in answer) setShown(answer as WithSecret);
      reload();
      return true;
    } catch (err) {
      showApiError(err, { form, message, t });
      return false;
    }
  };
  const create = async () => {
    const v = await form.validateFields();
    if (await run(() => post<WithSecret>('/notify/integrations', v))) {
      setCreating(false);
      form.resetFields();
    }
  };

  return (
    <Card
      title={t('notify-integrations.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="integration-create"
        >
          {t('common.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('notify-integrations.intro')}</Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        dataSource={data?.items ?? []}
        pagination={false}
        data-testid="integrations"
        columns={[
          { title: 'ID', dataIndex: 'id', width: 80 },
          { title: t('notify-integrations.name'), dataIndex: 'name' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatTime },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_, row) => (
              <Space size={4}>
                <Popconfirm
                  title={t('notify-integrations.rotateConfirm')}
                  onConfirm={() => run(() => post<WithSecret>(`/notify/integrations/${row.id}/rotate`))}
                >
                  <IconButton
                    label={t('notify-integrations.rotate')}
                    icon={<KeyOutlined />}
                    data-testid={`integration-rotate-${row.id}`}
                  />
                </Popconfirm>
                <DeleteButton onConfirm={() => run(() => del(`/notify/integrations/${row.id}`))} />
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('notify-integrations.create')}
        onOk={create}
        onCancel={() => setCreating(false)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="name"
            label={t('notify-integrations.name')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input maxLength={64} data-testid="integration-name" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={shown !== null}
        title={t('notify-integrations.secretTitle', { name: shown?.name })}
        onCancel={() => setShown(null)}
        footer={
          <Button type="primary" onClick={() => setShown(null)} data-testid="secret-done">
            {t('notify-integrations.secretDone')}
          </Button>
        }
        maskClosable={false}
      >
        <Alert
          type="warning"
          showIcon
          message={t('notify-integrations.secretOnce')}
          style={{ marginBottom: 12 }}
        />
        <Typography.Paragraph>
          {t('notify-integrations.idLabel')}: <code data-testid="integration-id">{shown?.id}</code>
        </Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: shown?.secret ?? '' }} code data-testid="integration-secret">
          {shown?.secret}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
