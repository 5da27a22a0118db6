import {
  ApiOutlined,
  CloseCircleOutlined,
  PhoneOutlined,
  PoweroffOutlined,
  SwapOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Popover, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showApiError } from '../components/api-errors';
import type { DeskCall } from './desk-model';
import type { Desk } from './use-desk';

export interface Directory {
  seats: { extension: string; name: string }[];
  queues: { id: number; name: string }[];
}

interface TransferForm {
  mode: 'blind' | 'attended';
  type: 'seat' | 'queue' | 'number';
  extension?: string;
  queueId?: number;
  number?: string;
}

const NUMBER = /^\+?[0-9]{2,20}$/;

/**
 * What the desk can do with the seat's call through the API (/desk/hangup,
 * /transfer, /transfer/cancel, /conference) and click-to-call (/desk/dial).
 * Answer, hold, mute and DTMF are the phone's (see PhoneSlot).
 */
export function CallControls({
  desk,
  seat,
  dir,
  dialRequest,
}: {
  desk: Desk;
  seat: string;
  dir: Directory;
  /** A number to call picked elsewhere on the page (a customer's number); `at` tells repeats apart. */
  dialRequest: { number: string; at: number } | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [number, setNumber] = useState('');
  const [consulting, setConsulting] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const call: DeskCall | null = desk.state.call;
  const onCall = call !== null && call.phase === 'talking';
  // an attended transfer ends with the call
  useEffect(() => {
    if (!onCall) setConsulting(null);
  }, [onCall]);

  const run = async (key: string, path: string, body?: unknown, done?: string) => {
    setBusy(key);
    try {
      await desk.act(path, body);
      if (done) message.success(done);
      return true;
    } catch (err) {
      showApiError(err, { message, t });
      return false;
    } finally {
      setBusy(null);
    }
  };
  const dial = (n: string) => run('dial', '/dial', { number: n }, t('desk.controls.dialing', { number: n }));
  // biome-ignore lint/correctness/useExhaustiveDependencies: a request is carried out once, when it arrives
  useEffect(() => {
    if (!dialRequest) return;
    setNumber(dialRequest.number);
    void dial(dialRequest.number);
  }, [dialRequest]);

  const others = dir.seats.filter((s) => s.extension !== seat);
  const seatOptions = others.map((s) => ({ value: s.extension, label: `${s.extension} · ${s.name}` }));

  return (
    <Card size="small" title={t('desk.controls.title')} data-testid="call-controls">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {consulting && <Alert type="info" showIcon title={t('desk.controls.consulting')} />}
        <Space wrap>
          <Button
            danger
            type="primary"
            icon={<PoweroffOutlined />}
            disabled={!onCall}
            loading={busy === 'hangup'}
            onClick={() => void run('hangup', '/hangup')}
            data-testid="desk-hangup"
          >
            {consulting ? t('desk.controls.completeTransfer') : t('desk.controls.hangup')}
          </Button>
          {consulting ? (
            <Button
              icon={<CloseCircleOutlined />}
              loading={busy === 'cancel'}
              onClick={async () => {
                if (await run('cancel', '/transfer/cancel')) setConsulting(null);
              }}
              data-testid="desk-transfer-cancel"
            >
              {t('desk.controls.cancelTransfer')}
            </Button>
          ) : (
            <TransferButton
              disabled={!onCall}
              seats={seatOptions}
              queues={dir.queues}
              onSubmit={async (v) => {
                const target =
                  v.type === 'seat'
                    ? { type: 'seat', extension: v.extension }
                    : v.type === 'queue'
                      ? { type: 'queue', queueId: v.queueId }
                      : { type: 'number', number: v.number };
                const ok = await run(
                  'transfer',
                  '/transfer',
                  { mode: v.mode, target },
                  v.mode === 'blind' ? t('desk.controls.transferred') : undefined,
                );
                if (ok && v.mode === 'attended') setConsulting(v.extension ?? v.number ?? String(v.queueId));
                return ok;
              }}
            />
          )}
          <ConferenceButton
            disabled={!onCall || consulting !== null}
            seats={seatOptions}
            onSubmit={(ext) =>
              run(
                'conference',
                '/conference',
                { extension: ext },
                t('desk.controls.conferenced', { extension: ext }),
              )
            }
          />
        </Space>
        <Space.Compact style={{ width: '100%', maxWidth: 360 }}>
          <Input
            value={number}
            onChange={(e) => setNumber(e.target.value.trim())}
            placeholder={t('desk.controls.dialPlaceholder')}
            status={number && !NUMBER.test(number) ? 'error' : undefined}
            onPressEnter={() => NUMBER.test(number) && void dial(number)}
            data-testid="desk-dial-number"
          />
          <Button
            icon={<PhoneOutlined />}
            disabled={!NUMBER.test(number) || onCall}
            loading={busy === 'dial'}
            onClick={() => void dial(number)}
            data-testid="desk-dial"
          >
            {t('desk.controls.dial')}
          </Button>
        </Space.Compact>
      </Space>
    </Card>
  );
}

function TransferButton({
  disabled,
  seats,
  queues,
  onSubmit,
}: {
  disabled: boolean;
  seats: { value: string; label: string }[];
  queues: { id: number; name: string }[];
  onSubmit: (v: TransferForm) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<TransferForm>();
  const type = Form.useWatch('type', form);
  const submit = async () => {
    const v = await form.validateFields();
    if (await onSubmit(v)) setOpen(false);
  };
  /** Buttons for one of the form's choices: values with their label keys (the value itself when the same). */
  const choice = (name: keyof TransferForm, label: string, values: (string | [string, string])[]) => (
    <Form.Item name={name} label={t(`desk.controls.${label}`)}>
      <Radio.Group
        optionType="button"
        options={values.map((v) => {
          const [value, key] = typeof v === 'string' ? [v, v] : v;
          return { value, label: t(`desk.controls.${key}`) };
        })}
      />
    </Form.Item>
  );
  const content = (
    <Form
      form={form}
      name="desk-transfer"
      layout="vertical"
      style={{ width: 300 }}
      initialValues={{ mode: 'blind', type: 'seat' }}
    >
      {choice('mode', 'mode', ['blind', 'attended'])}
      {choice('type', 'targetType', [
        ['seat', 'toSeat'],
        ['queue', 'toQueue'],
        ['number', 'toNumber'],
      ])}
      {type === 'queue' ? (
        <Form.Item
          name="queueId"
          label={t('desk.controls.target')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            options={queues.map((q) => ({ value: q.id, label: q.name }))}
            data-testid="transfer-queue"
          />
        </Form.Item>
      ) : type === 'number' ? (
        <Form.Item
          name="number"
          label={t('desk.controls.number')}
          rules={[{ required: true, pattern: NUMBER, message: t('desk.controls.badNumber') }]}
        >
          <Input data-testid="transfer-number" />
        </Form.Item>
      ) : (
        <Form.Item
          name="extension"
          label={t('desk.controls.target')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select showSearch options={seats} data-testid="transfer-seat" />
        </Form.Item>
      )}
      <Button type="primary" block onClick={() => void submit()} data-testid="transfer-submit">
        {t('desk.controls.transfer')}
      </Button>
    </Form>
  );
  return (
    <Popover trigger="click" open={open && !disabled} onOpenChange={setOpen} content={content}>
      <Button icon={<SwapOutlined />} disabled={disabled} data-testid="desk-transfer">
        {t('desk.controls.transfer')}
      </Button>
    </Popover>
  );
}

function ConferenceButton({
  disabled,
  seats,
  onSubmit,
}: {
  disabled: boolean;
  seats: { value: string; label: string }[];
  onSubmit: (extension: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [expert, setExpert] = useState<string | undefined>();
  return (
    <Popover
      trigger="click"
      open={open && !disabled}
      onOpenChange={setOpen}
      content={
        <Space.Compact style={{ width: 300 }}>
          <Select
            style={{ flex: 1 }}
            showSearch
            placeholder={t('desk.controls.expert')}
            options={seats}
            value={expert}
            onChange={setExpert}
            data-testid="conference-seat"
          />
          <Button
            type="primary"
            icon={<ApiOutlined />}
            disabled={!expert}
            onClick={async () => {
              if (expert && (await onSubmit(expert))) setOpen(false);
            }}
            data-testid="conference-submit"
          >
            {t('desk.controls.conference')}
          </Button>
        </Space.Compact>
      }
    >
      <Button icon={<TeamOutlined />} disabled={disabled} data-testid="desk-conference">
        {t('desk.controls.conference')}
      </Button>
    </Popover>
  );
}
