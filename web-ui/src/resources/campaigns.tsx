import { BarChartOutlined, PauseOutlined, PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import { App, Divider, InputNumber, Select, Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { byText, timeColumn } from '../components/format';
import { IconButton } from '../components/icon-button';
import { useNamedOptions, useSeatOptions } from '../components/use-options';
import { CampaignProgress } from '../dialer/campaign-progress';
import { CampaignResults } from '../dialer/campaign-results';
import { type Campaign, DEFAULT_SETTINGS, MODES, RETRY_ON, STATE_COLOR } from '../dialer/model';
import type { ResourceBody, ResourceCtx } from './types';

/** A select of `{ id, name }` rows (contact lists, prompts). */
function NamedSelect({ path, ...props }: { path: string; value?: number; onChange?: (v: number) => void }) {
  const { options, loading } = useNamedOptions(path);
  return <Select allowClear loading={loading} options={options} {...props} />;
}

function SeatsSelect(props: { value?: string[]; onChange?: (v: string[]) => void }) {
  const { options, loading } = useSeatOptions();
  return <Select mode="multiple" loading={loading} options={options} {...props} />;
}

/** Start, pause, stop: whichever the campaign's state allows. */
function StateButtons({ row, ctx }: { row: Campaign; ctx: ResourceCtx }) {
  const { message } = App.useApp();
  const act = (action: 'start' | 'pause' | 'stop') => async () => {
    try {
      await post(`/campaigns/${row.id}/${action}`);
      ctx.reload();
    } catch (err) {
      showApiError(err, { message, t: ctx.t });
    }
  };
  const button = (action: 'start' | 'pause' | 'stop', icon: ReactNode) => (
    <IconButton
      key={action}
      label={ctx.t(`campaigns.${action}`)}
      icon={icon}
      onClick={act(action)}
      data-testid={`campaign-${action}-${row.id}`}
    />
  );
  return (
    <>
      {row.state !== 'running' && button('start', <PlayCircleOutlined />)}
      {row.state === 'running' && button('pause', <PauseOutlined />)}
      {(row.state === 'running' || row.state === 'paused') && button('stop', <StopOutlined />)}
    </>
  );
}

const num = (t: TFunction, key: string, min: number, max: number, step = 1) => ({
  name: ['settings', ...key.split('.')],
  label: t(`campaigns.s.${key}`),
  span: 6,
  input: <InputNumber min={min} max={max} step={step} style={{ width: '100%' }} />,
});

/** 外呼活动: campaigns, their form, start / pause / stop, and each one's results. */
export const campaigns: ResourceBody<Campaign> = {
  api: '/campaigns',
  paging: 'server',
  serverSearch: true,
  columns: ({ t }) => [
    { title: t('campaigns.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    { title: t('campaigns.mode'), dataIndex: 'mode', render: (m: string) => t(`campaigns.modes.${m}`) },
    {
      title: t('campaigns.state'),
      dataIndex: 'state',
      render: (s: string, r) => (
        <Tag color={STATE_COLOR[s]} data-testid={`campaign-state-${r.id}`} data-state={s}>
          {t(`campaigns.states.${s}`)}
        </Tag>
      ),
    },
    {
      title: t('campaigns.progress'),
      key: 'progress',
      width: 200,
      render: (_, r) => <CampaignProgress id={r.id} updatedAt={r.updatedAt} />,
    },
    timeColumn(t('common.updatedAt'), 'updatedAt'),
  ],
  rowActions: (row, ctx) => (
    <>
      {ctx.writer && <StateButtons row={row} ctx={ctx} />}
      <CampaignResults campaign={row} trigger={<BarChartOutlined />} />
    </>
  ),
  form: {
    width: 900,
    initialValues: { mode: 'progressive', agents: [], settings: DEFAULT_SETTINGS },
    fields: ({ t, editing }) => [
      { name: 'name', label: t('campaigns.name'), required: true, span: 8 },
      {
        name: 'listId',
        label: t('campaigns.list'),
        required: true,
        span: 8,
        input: <NamedSelect path="/contacts/lists" />,
        extra: editing ? t('campaigns.fixed') : undefined,
      },
      {
        name: 'mode',
        label: t('campaigns.mode'),
        required: true,
        span: 8,
        input: (
          <Select
            disabled={!!editing}
            options={MODES.map((m) => ({ value: m, label: t(`campaigns.modes.${m}`) }))}
          />
        ),
      },
      {
        name: 'agents',
        label: t('campaigns.agents'),
        extra: t('campaigns.agentsHelp'),
        input: <SeatsSelect />,
      },
      <Divider key="caps" titlePlacement="start" plain>
        {t('campaigns.caps')}
      </Divider>,
      num(t, 'maxChannels', 1, 500),
      num(t, 'maxLevel', 1, 5, 0.1),
      { ...num(t, 'abandonTarget', 0.1, 3, 0.1), extra: t('campaigns.abandonTargetHelp') },
      num(t, 'ringSeconds', 15, 60),
      <Divider key="msg" titlePlacement="start" plain>
        {t('campaigns.messages')}
      </Divider>,
      {
        name: ['settings', 'messagePromptId'],
        label: t('campaigns.s.messagePromptId'),
        span: 8,
        input: <NamedSelect path="/prompts" />,
      },
      {
        name: ['settings', 'abandonPromptId'],
        label: t('campaigns.s.abandonPromptId'),
        extra: t('campaigns.abandonPromptHelp'),
        span: 8,
        input: <NamedSelect path="/prompts" />,
      },
      {
        name: ['settings', 'onMachine'],
        label: t('campaigns.s.onMachine'),
        span: 8,
        input: (
          <Select
            options={['hangup', 'message'].map((v) => ({ value: v, label: t(`campaigns.onMachine.${v}`) }))}
          />
        ),
      },
      {
        name: ['settings', 'confirmKey'],
        label: t('campaigns.s.confirmKey'),
        span: 6,
        input: <Select allowClear options={KEYS} />,
      },
      {
        name: ['settings', 'optOutKey'],
        label: t('campaigns.s.optOutKey'),
        span: 6,
        input: <Select allowClear options={KEYS} />,
      },
      <Divider key="amd" titlePlacement="start" plain>
        {t('campaigns.amd')}
      </Divider>,
      {
        name: ['settings', 'amd', 'enabled'],
        label: t('campaigns.s.amd.enabled'),
        span: 6,
        switch: true,
      },
      num(t, 'amd.initialSilence', 500, 10_000, 100),
      num(t, 'amd.greeting', 500, 10_000, 100),
      num(t, 'amd.totalAnalysisTime', 1000, 10_000, 100),
      <Divider key="retry" titlePlacement="start" plain>
        {t('campaigns.retries')}
      </Divider>,
      ...RETRY_ON.flatMap((r) => [
        {
          ...num(t, `retry.${r}.max`, 1, 10),
          label: `${t(`campaigns.results.${RETRY_LABEL[r]}`)} · ${t('campaigns.retryMax')}`,
        },
        {
          ...num(t, `retry.${r}.delayMinutes`, 1, 7 * 24 * 60),
          label: `${t(`campaigns.results.${RETRY_LABEL[r]}`)} · ${t('campaigns.retryDelay')}`,
        },
      ]),
    ],
    toValues: (c) => ({
      name: c.name,
      listId: c.listId,
      mode: c.mode,
      agents: c.agents,
      settings: { ...c.settings, abandonTarget: c.settings.abandonTarget * 100 },
    }),
    toBody: (v, editing) => {
      const settings = {
        ...v.settings,
        abandonTarget: Math.round(v.settings.abandonTarget * 10) / 1000,
        messagePromptId: v.settings.messagePromptId ?? null,
        abandonPromptId: v.settings.abandonPromptId ?? null,
        confirmKey: v.settings.confirmKey ?? null,
        optOutKey: v.settings.optOutKey ?? null,
      };
      const common = { name: v.name, agents: v.agents ?? [], settings };
      return editing ? common : { ...common, listId: v.listId, mode: v.mode };
    },
  },
};

const KEYS = [...'0123456789*#'].map((k) => ({ value: k, label: k }));
/** The retry keys of the settings, named as the results they follow. */
const RETRY_LABEL: Record<(typeof RETRY_ON)[number], string> = {
  busy: 'busy',
  noAnswer: 'no-answer',
  failed: 'failed',
  machine: 'machine',
};
