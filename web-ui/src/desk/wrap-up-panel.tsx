import { FileAddOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../api/client';
import { showApiError } from '../components/api-errors';
import { FormFields } from '../components/form-fields';
import type { DeskCall } from './desk-model';
import type { Desk } from './use-desk';

/**
 * The wrap-up of the latest answered call that has none yet: a disposition
 * among the queue's codes (free text for a call without a queue) and notes,
 * POST /desk/wrapup; a ticket for the call opens the ticket page pre-filled.
 * Keyed by the call where it is used, so each call starts with an empty form.
 */
export function WrapUpPanel({ desk, call }: { desk: Desk; call: DeskCall }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ disposition: string; notes: string }>();
  const codes = call.pop?.queue?.dispositions ?? [];
  const customerId = call.pop?.customer?.id ?? null;
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await desk.act('/wrapup', { callId: call.callId, disposition: v.disposition, notes: v.notes ?? '' });
      message.success(t('desk.wrapUp.saved'));
      desk.dispatch({ type: 'wrapped', callId: call.callId });
    } catch (err) {
      showApiError(err, { form, message, t });
    }
  };
  // the console's own router base: the ticket page is a console page opened in a new tab
  const ticketHref = withQuery('/console/tickets/new', {
    customerId,
    linkedid: call.callId,
    caller: call.pop?.caller.number,
  });
  return (
    <Card
      size="small"
      title={`${t('desk.wrapUp.title')} · ${t('desk.wrapUp.call', { number: call.pop?.caller.number || call.callId })}`}
      data-testid="wrap-up"
      data-call-id={call.callId}
      extra={
        <Button
          size="small"
          icon={<FileAddOutlined />}
          href={ticketHref}
          target="_blank"
          rel="noopener"
          data-testid="wrap-up-ticket"
        >
          {t('desk.wrapUp.newTicket')}
        </Button>
      }
    >
      <Form form={form} name="wrap-up" layout="vertical" onFinish={() => void submit()}>
        <FormFields
          fields={[
            {
              name: 'disposition',
              label: t('desk.wrapUp.disposition'),
              required: true,
              input:
                codes.length > 0 ? (
                  <Select
                    options={codes.map((c) => ({ value: c, label: c }))}
                    data-testid="wrap-up-disposition"
                  />
                ) : (
                  <Input maxLength={32} data-testid="wrap-up-disposition" />
                ),
            },
            {
              name: 'notes',
              label: t('desk.wrapUp.notes'),
              input: <Input.TextArea rows={3} maxLength={2000} showCount data-testid="wrap-up-notes" />,
            },
          ]}
        />
        <Space>
          <Button type="primary" htmlType="submit" data-testid="wrap-up-submit">
            {t('desk.wrapUp.submit')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
