import { DesktopOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import { showApiError } from '../components/api-errors';

/**
 * Creates a read-only wallboard token (POST /auth/tokens, scope wallboard)
 * and shows the /wallboard?token=... link once, to open or copy.
 */
export function WallboardLinkButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const create = async () => {
    const { name } = await form.validateFields();
    try {
      const { secret } = await post<{ secret: string }>('/auth/tokens', { name, scope: 'wallboard' });
      setUrl(`${window.location.origin}/wallboard?token=${encodeURIComponent(secret)}`);
    } catch (err) {
      showApiError(err, { form, message, t });
    }
  };
  const copy = async () => {
    await navigator.clipboard?.writeText(url ?? '').catch(() => undefined);
    message.success(t('wb.copied'));
  };
  return (
    <>
      <Button
        icon={<DesktopOutlined />}
        onClick={() => {
          form.setFieldsValue({ name: t('wb.title') });
          setUrl(null);
          setOpen(true);
        }}
        data-testid="wallboard-link"
      >
        {t('queues.wallboard')}
      </Button>
      <Modal
        open={open}
        title={t('wb.create')}
        onCancel={() => setOpen(false)}
        footer={
          url ? (
            <Space>
              <Button onClick={copy}>{t('wb.copy')}</Button>
              <Button type="primary" href={url} target="_blank" data-testid="wallboard-open">
                {t('wb.open')}
              </Button>
            </Space>
          ) : (
            <Button type="primary" onClick={create} data-testid="wallboard-create">
              {t('common.create')}
            </Button>
          )
        }
        forceRender
      >
        {url ? (
          <>
            <Typography.Paragraph type="warning">{t('wb.created')}</Typography.Paragraph>
            <Typography.Paragraph copyable code data-testid="wallboard-url">
              {url}
            </Typography.Paragraph>
          </>
        ) : (
          <Form form={form} name="wallboard-token" layout="vertical">
            <Form.Item
              name="name"
              label={t('wb.tokenName')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Input maxLength={64} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}
