import { SettingOutlined } from '@ant-design/icons';
import { App, Form } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { get, put } from '../api/client';
import type { AnyRow } from '../resources/types';
import { showApiError } from './api-errors';
import { type FieldList, FormFields } from './form-fields';
import { ModalButton } from './modal-button';

/**
 * A button opening a form over one settings document of the API (GET to load,
 * PUT to save): the outbound deny list, the customer lookup webhook, a queue's
 * wallboard thresholds.
 */
export function SettingsButton<T>(props: {
  label: string;
  title: string;
  path: string;
  fields: FieldList;
  toValues?: (doc: T) => Record<string, unknown>;
  toBody?: (values: AnyRow) => unknown;
  testId?: string;
  icon?: ReactNode;
  /** An icon button in a table row. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();

  const load = async () => {
    try {
      const doc = await get<T>(props.path);
      form.resetFields();
      form.setFieldsValue(props.toValues ? props.toValues(doc) : (doc as Record<string, unknown>));
      return true;
    } catch (err) {
      showApiError(err, { message, t });
      return false;
    }
  };

  const save = async () => {
    let values: unknown;
    try {
      values = await form.validateFields();
    } catch {
      return false; // antd already marks the fields
    }
    try {
      await put(props.path, props.toBody ? props.toBody(values) : values);
      message.success(t('common.saved'));
      return true;
    } catch (err) {
      showApiError(err, { form, message, t });
      return false;
    }
  };

  return (
    <ModalButton
      label={props.label}
      icon={props.icon ?? <SettingOutlined />}
      compact={props.compact}
      testId={props.testId}
      title={props.title}
      onOpen={load}
      onOk={save}
    >
      <Form form={form} name={props.testId ?? props.path.replace(/\W+/g, '-')} layout="vertical">
        <FormFields fields={props.fields} />
      </Form>
    </ModalButton>
  );
}
