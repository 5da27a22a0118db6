import { DashboardOutlined } from '@ant-design/icons';
import { App, Button, Form, InputNumber, Modal, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, put } from '../api/client';
import { showApiError } from '../components/api-errors';

interface Thresholds {
  slTargetPct: number;
  longestWaitLimitSec: number;
}

/** Edits one queue's wallboard colour thresholds (GET/PUT /live/thresholds/:id). */
export function ThresholdsButton({ queueId }: { queueId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Thresholds>();
  const show = async () => {
    try {
      form.setFieldsValue(await get<Thresholds>(`/live/thresholds/${queueId}`));
      setOpen(true);
    } catch (err) {
      showApiError(err, { message, t });
    }
  };
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await put(`/live/thresholds/${queueId}`, v);
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
      <Tooltip title={t('queues.thresholds')}>
        <Button
          type="text"
          size="small"
          icon={<DashboardOutlined />}
          onClick={show}
          data-testid={`thresholds-${queueId}`}
        />
      </Tooltip>
      <Modal
        open={open}
        title={t('queues.thresholds')}
        onOk={save}
        confirmLoading={saving}
        onCancel={() => setOpen(false)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        forceRender
      >
        <Form form={form} name={`thresholds-${queueId}`} layout="vertical">
          <Form.Item name="slTargetPct" label={t('queues.slTargetPct')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} />
          </Form.Item>
          <Form.Item
            name="longestWaitLimitSec"
            label={t('queues.longestWaitLimitSec')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={3600} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
