import { Card, Col, Drawer, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../components/chart';
import { ExportButtons } from '../components/export-buttons';
import { formatTime } from '../components/format';
import { IconButton } from '../components/icon-button';
import { useLoaded } from '../components/use-loaded';
import { usePage } from '../contacts/page-kit';
import { type Campaign, type CampaignResultsData, RESULTS } from './model';

interface Lead {
  id: number;
  contactId: number;
  number: string;
  status: string;
  result: string | null;
  attempts: number;
  updatedAt: string;
}
interface Timeline {
  slotMinutes: number;
  items: { at: string; attempts: number; connects: number; abandons: number }[];
}

/** While the drawer is open, figures are fetched again this often (ms): a running campaign's results arrive. */
const REFRESH_MS = 5000;

/** The results of one campaign: its figures, two plots, its contacts by result and the exports. */
export function CampaignResults({ campaign, trigger }: { campaign: Campaign; trigger: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <IconButton
        label={t('campaigns.resultsTitle')}
        icon={trigger}
        onClick={() => setOpen(true)}
        data-testid={`campaign-results-${campaign.id}`}
      />
      <Drawer
        open={open}
        width={1000}
        destroyOnHidden
        onClose={() => setOpen(false)}
        title={`${t('campaigns.resultsTitle')} · ${campaign.name}`}
        extra={<ExportButtons href={`/api/v1/campaigns/${campaign.id}/export`} testId="campaign-export" />}
      >
        {open && <ResultsBody campaign={campaign} />}
      </Drawer>
    </>
  );
}

function ResultsBody({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const results = useLoaded<CampaignResultsData>(`/campaigns/${campaign.id}/results`);
  const timeline = useLoaded<Timeline>(`/campaigns/${campaign.id}/timeline`);
  const [result, setResult] = useState<string>();
  const leads = usePage<Lead>(`/campaigns/${campaign.id}/contacts`, { result });
  const { reload: reloadResults } = results;
  const { reload: reloadTimeline } = timeline;
  const { reload: reloadLeads } = leads;
  useEffect(() => {
    const timer = setInterval(() => {
      reloadResults();
      reloadTimeline();
      reloadLeads();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadResults, reloadTimeline, reloadLeads]);

  const r = results.data;
  const resultName = (k: string) => t(`campaigns.results.${k}`, { defaultValue: k });
  const breakdown = useMemo(() => {
    if (!r) return null;
    const keys = RESULTS.filter((k) => r.contacts[k]);
    const name = (k: string) => t(`campaigns.results.${k}`, { defaultValue: k });
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: keys.map(name), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('campaigns.contacts'), data: keys.map((k) => r.contacts[k]) }],
    };
  }, [r, t]);
  const plot = useMemo(() => {
    const items = timeline.data?.items ?? [];
    if (!items.length) return null;
    const label = (iso: string) => formatTime(iso).slice(5, 16);
    const series = (key: 'attempts' | 'connects' | 'abandons') => ({
      type: 'line',
      name: t(`campaigns.f.${key}`),
      data: items.map((s) => s[key]),
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 30 },
      xAxis: { type: 'category', data: items.map((s) => label(s.at)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [series('attempts'), series('connects'), series('abandons')],
    };
  }, [timeline.data, t]);

  const stat = (key: string, value: ReactNode, suffix?: ReactNode) => (
    <Col span={6} key={key}>
      <Card size="small" data-testid={`campaign-stat-${key}`}>
        <Statistic title={t(`campaigns.f.${key}`)} value={value as number} suffix={suffix} />
      </Card>
    </Col>
  );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {r && (
        <Row gutter={[12, 12]}>
          {stat('attempts', r.attempts)}
          {stat('connects', r.connects)}
          {stat('human', r.human)}
          {stat('machine', r.machine)}
          {stat(
            'confirmed',
            r.confirmed,
            campaign.settings.confirmKey ? (
              <Tag>{t('campaigns.byKey', { key: campaign.settings.confirmKey })}</Tag>
            ) : undefined,
          )}
          {stat('transferred', r.transferred)}
          {stat('abandons', r.abandons, <small>({(r.abandonRate * 100).toFixed(2)}%)</small>)}
          {stat('optOuts', r.optOuts)}
        </Row>
      )}
      <Row gutter={12}>
        <Col span={10}>
          <Card size="small" title={t('campaigns.breakdown')} data-testid="campaign-breakdown">
            {breakdown ? <Chart option={breakdown} height={240} /> : null}
          </Card>
        </Col>
        <Col span={14}>
          <Card
            size="small"
            title={t('campaigns.timeline', { minutes: timeline.data?.slotMinutes ?? 15 })}
            data-testid="campaign-timeline"
          >
            {plot ? <Chart option={plot} height={240} /> : null}
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('campaigns.contacts')}
        extra={
          <Select
            allowClear
            style={{ width: 180 }}
            placeholder={t('campaigns.allResults')}
            value={result}
            onChange={setResult}
            options={RESULTS.map((k) => ({ value: k, label: resultName(k) }))}
            data-testid="campaign-result-filter"
          />
        }
      >
        <Table
          size="small"
          rowKey="id"
          dataSource={leads.page.items}
          pagination={leads.pagination}
          data-testid="campaign-contacts"
          columns={[
            { title: t('campaigns.number'), dataIndex: 'number' },
            {
              title: t('campaigns.result'),
              dataIndex: 'result',
              render: (v: string | null) => (
                <Tag data-result={v ?? 'pending'}>{resultName(v ?? 'pending')}</Tag>
              ),
            },
            { title: t('campaigns.f.attempts'), dataIndex: 'attempts' },
            { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: formatTime },
          ]}
        />
      </Card>
    </Space>
  );
}
