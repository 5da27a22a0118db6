import { PhoneOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import { showApiError } from '../components/api-errors';

/** A preview campaign this seat works, as the desk stream's `preview` event carries it. */
export interface PreviewOffer {
  campaignId: number;
  name: string;
  due: number;
  heldLeadId: number | null;
}

interface Taken {
  lead: { id: number; number: string } | null;
  contact: { id: number; number: string; variables: Record<string, string> } | null;
}

/** The results an agent gives a preview call (the dialer's own results are set by the machine). */
const RESULTS = ['human', 'machine', 'no-answer', 'busy', 'failed', 'opted-out'] as const;

/**
 * 预览外呼: the preview campaigns of this seat, pushed by the desk stream
 * (`offers`). The agent takes a contact (reserved for the seat), sees its
 * fields, calls it with the desk's click-to-call (`onDial`) and saves the
 * result. Shown only to the seat's own agent, and only while a campaign
 * offers something.
 */
export function PreviewPanel({
  offers,
  onDial,
}: {
  offers: PreviewOffer[];
  onDial: (number: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [taken, setTaken] = useState<{ campaignId: number } & Taken>();
  const [result, setResult] = useState<(typeof RESULTS)[number]>();
  const [busy, setBusy] = useState(false);
  if (!offers.length && !taken?.lead) return null;

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    try {
      await what();
    } catch (err) {
      showApiError(err, { message, t });
    } finally {
      setBusy(false);
    }
  };
  const take = (campaignId: number) =>
    run(async () => {
      const r = await post<Taken>(`/campaigns/${campaignId}/preview`);
      if (!r.lead) message.info(t('desk.preview.none'));
      setResult(undefined);
      setTaken(r.lead ? { campaignId, ...r } : undefined);
    });
  const save = () =>
    run(async () => {
      await post(`/campaigns/${taken!.campaignId}/preview/result`, { result });
      message.success(t('desk.preview.saved'));
      setTaken(undefined);
    });

  return (
    <Card size="small" title={t('desk.preview.title')} data-testid="desk-preview">
      {taken?.lead ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered data-testid="desk-preview-contact">
            <Descriptions.Item label={t('desk.preview.number')}>{taken.lead.number}</Descriptions.Item>
            {Object.entries(taken.contact?.variables ?? {}).map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                {v}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Button
            type="primary"
            icon={<PhoneOutlined />}
            onClick={() => onDial(taken.lead!.number)}
            data-testid="desk-preview-call"
          >
            {t('desk.preview.call')}
          </Button>
          <Space wrap>
            <Select
              style={{ width: 200 }}
              placeholder={t('desk.preview.result')}
              value={result}
              onChange={setResult}
              options={RESULTS.map((r) => ({ value: r, label: t(`desk.preview.results.${r}`) }))}
              data-testid="desk-preview-result"
            />
            <Button
              disabled={!result}
              loading={busy}
              onClick={() => void save()}
              data-testid="desk-preview-save"
            >
              {t('desk.preview.submit')}
            </Button>
          </Space>
        </Space>
      ) : (
        <List
          size="small"
          dataSource={offers}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          renderItem={(o) => (
            <List.Item
              data-testid={`desk-preview-offer-${o.campaignId}`}
              actions={[
                <Button
                  key="take"
                  size="small"
                  loading={busy}
                  disabled={o.due === 0 && o.heldLeadId === null}
                  onClick={() => void take(o.campaignId)}
                  data-testid={`desk-preview-take-${o.campaignId}`}
                >
                  {o.heldLeadId === null ? t('desk.preview.next') : t('desk.preview.resume')}
                </Button>,
              ]}
            >
              <Space>
                <Typography.Text>{o.name}</Typography.Text>
                <Tag>{t('desk.preview.due', { count: o.due })}</Tag>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
