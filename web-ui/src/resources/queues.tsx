import { Input, InputNumber, Select } from 'antd';
import { CallbackOfferInput } from '../callcenter/callback-offer-input';
import { DestinationLabel } from '../callcenter/destination-label';
import { ThresholdsButton } from '../callcenter/thresholds-button';
import { WallboardLinkButton } from '../callcenter/wallboard-link-button';
import { type Destination, DestinationPicker } from '../components/destination-picker';
import { byText } from '../components/format';
import type { ResourceBody } from './types';

const STRATEGIES = ['ringall', 'leastrecent', 'fewestcalls', 'rrmemory', 'linear', 'wrandom'];
const EMPTY_RULES = ['always', 'loggedIn', 'available'];
const RECORDING = ['never', 'always', 'on_demand'];

/** src/queues/schema.ts QueueSettings, with the API's defaults. */
const DEFAULT_SETTINGS = {
  strategy: 'rrmemory',
  ringTimeoutSeconds: 15,
  wrapUpSeconds: 5,
  maxWaitSeconds: 300,
  maxCallers: 0,
  musicOnHold: 'default',
  announcePosition: true,
  announceHoldTime: false,
  announceEverySeconds: 30,
  joinEmpty: 'loggedIn',
  leaveWhenEmpty: 'loggedIn',
  autoPauseAfterMissed: 3,
  serviceLevelSeconds: 20,
  recording: 'never',
  boundAgentSeconds: 15,
  callbackKey: '',
  callbackAttempts: 3,
  callbackRetrySeconds: 120,
  callbackPromptId: null as number | null,
  callbackOfferEverySeconds: 60,
};

/** The callback key: none, or one digit. */
const CALLBACK_KEYS = ['', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

interface Queue {
  id: number;
  name: string;
  number: string | null;
  section: string;
  settings: typeof DEFAULT_SETTINGS;
  overflow: Destination;
}

const NUMBERS: [keyof typeof DEFAULT_SETTINGS, number, number][] = [
  ['ringTimeoutSeconds', 5, 120],
  ['wrapUpSeconds', 0, 600],
  ['maxWaitSeconds', 0, 7200],
  ['maxCallers', 0, 1000],
  ['announceEverySeconds', 15, 600],
  ['autoPauseAfterMissed', 0, 10],
  ['serviceLevelSeconds', 5, 600],
  ['boundAgentSeconds', 0, 120],
  ['callbackAttempts', 1, 5],
  ['callbackRetrySeconds', 10, 3600],
  ['callbackOfferEverySeconds', 15, 600],
];

export const queues: ResourceBody<Queue> = {
  api: '/queues',
  paging: 'server',
  serverSearch: true,
  columns: ({ t }) => [
    { title: t('queues.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    { title: t('queues.number'), dataIndex: 'number', render: (v) => v ?? '—' },
    { title: t('queues.section'), dataIndex: 'section' },
    {
      title: t('queues.strategy'),
      key: 'strategy',
      render: (_, r) => t(`queues.strategies.${r.settings.strategy}`),
    },
    { title: t('queues.serviceLevelSeconds'), key: 'sl', render: (_, r) => r.settings.serviceLevelSeconds },
    {
      title: t('queues.recording'),
      key: 'rec',
      render: (_, r) => t(`queues.recordings.${r.settings.recording}`),
    },
    { title: t('queues.overflow'), dataIndex: 'overflow', render: (d) => <DestinationLabel d={d} /> },
  ],
  toolbar: () => <WallboardLinkButton />,
  rowActions: (row) => <ThresholdsButton queueId={row.id} />,
  form: {
    width: 820,
    initialValues: { settings: DEFAULT_SETTINGS, overflow: { type: 'hangup' } },
    fields: ({ t }) => {
      const choice = (key: keyof typeof DEFAULT_SETTINGS, values: string[], labels: string) => ({
        name: ['settings', key],
        label: t(`queues.${key}`),
        span: 8,
        input: <Select options={values.map((v) => ({ value: v, label: t(`queues.${labels}.${v}`) }))} />,
      });
      return [
        { name: 'name', label: t('queues.name'), required: true, span: 12, input: <Input maxLength={64} /> },
        {
          name: 'number',
          label: t('queues.number'),
          extra: t('queues.numberHelp'),
          span: 12,
          input: <Input allowClear inputMode="numeric" />,
        },
        choice('strategy', STRATEGIES, 'strategies'),
        choice('joinEmpty', EMPTY_RULES, 'empty'),
        choice('leaveWhenEmpty', EMPTY_RULES, 'leave'),
        ...NUMBERS.map(([key, min, max]) => ({
          name: ['settings', key],
          label: t(`queues.${key}`),
          span: 6,
          input: <InputNumber min={min} max={max} style={{ width: '100%' }} />,
        })),
        choice('recording', RECORDING, 'recordings'),
        {
          name: ['settings', 'callbackKey'],
          label: t('queues.callbackKey'),
          extra: t('queues.callbackKeyHelp'),
          span: 8,
          input: (
            <Select options={CALLBACK_KEYS.map((k) => ({ value: k, label: k || t('queues.callbackOff') }))} />
          ),
        },
        {
          name: ['settings', 'callbackPromptId'],
          label: t('queues.callbackPromptId'),
          extra: t('queues.callbackPromptHelp'),
          span: 16,
          input: <CallbackOfferInput />,
        },
        { name: ['settings', 'musicOnHold'], label: t('queues.musicOnHold'), span: 8 },
        {
          name: ['settings', 'announcePosition'],
          label: t('queues.announcePosition'),
          span: 4,
          switch: true,
        },
        {
          name: ['settings', 'announceHoldTime'],
          label: t('queues.announceHoldTime'),
          span: 4,
          switch: true,
        },
        {
          name: 'overflow',
          label: t('queues.overflow'),
          extra: t('queues.overflowHelp'),
          input: <DestinationPicker />,
        },
      ];
    },
    toValues: (q) => ({ name: q.name, number: q.number, settings: q.settings, overflow: q.overflow }),
    toBody: (v) => ({
      name: v.name,
      number: v.number ? String(v.number).trim() : null,
      settings: v.settings,
      overflow: v.overflow,
    }),
  },
};
