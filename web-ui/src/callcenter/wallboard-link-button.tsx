import { DesktopOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { FormField } from '../components/form-fields';
import { ModalButton } from '../components/modal-button';

/**
 * Creates a read-only wallboard token (POST /auth/tokens, scope wallboard)
 * and shows the /wallboard?token=... link once, to open or copy.
 */
export function WallboardLinkButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
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
    <ModalButton
      label={t('queues.wallboard')}
      icon={<DesktopOutlined />}
      testId="wallboard-link"
      onOpen={() => {
        form.setFieldsValue({ name: t('wb.title') });
        setUrl(null);
      }}
      title={t('wb.create')}
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
          <FormField name="name" label={t('wb.tokenName')} required input={<Input maxLength={64} />} />
        </Form>
      )}
    </ModalButton>
  );
}
