import { SettingOutlined } from '@ant-design/icons';
import { App, Button, Form, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, put } from '../api/client';
import type { AnyRow } from '../resources/types';
import { showApiError } from './api-errors';

/**
 * A button opening a form over one settings document of the API (GET to load,
 * PUT to save): the outbound deny list, the customer lookup webhook.
 */
export function SettingsButton<T>(props: {
  label: string;
  title: string;
  path: string;
  fields: ReactNode;
  toValues?: (doc: T) => Record<string, unknown>;
  toBody?: (values: AnyRow) => unknown;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);

  const show = async () => {
    try {
      const doc = await get<T>(props.path);
      form.resetFields();
      form.setFieldsValue(props.toValues ? props.toValues(doc) : (doc as Record<string, unknown>));
      setOpen(true);
    } catch (err) {
      showApiError(err, { message, t });
    }
  };

  const save = async () => {
    let values: unknown;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      await put(props.path, props.toBody ? props.toBody(values) : values);
      message.success(t('common.saved'));
      setOpen(false);
    } catch (err) {
      showApiError(err, { form, message, t });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button icon={<SettingOutlined />} onClick={show} data-testid={props.testId}>
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.title}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={save}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form form={form} name={props.testId ?? props.path.replace(/\W+/g, '-')} layout="vertical">
          {props.fields}
        </Form>
      </Modal>
    </>
  );
}
