import { BookOutlined, LikeOutlined } from '@ant-design/icons';
import { Card, Drawer, Empty, Input, List, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskContext } from '../../../src/desk/schema';
import { get } from '../api/client';
import { useDebounced } from '../components/use-debounced';
import type { Article, ArticleSummary } from '../kb/api';
import { SolutionHtml } from '../kb/solution-html';

/** IVR segments that name a node (keys and `!timeout` marks say nothing to the knowledge base). */
const ivrLabels = (pop: DeskContext | null) =>
  pop?.ivr?.path.filter((s) => /^[A-Za-z\p{L}]/u.test(s)).join('>') || undefined;

/**
 * Knowledge-base suggestions for the call (its queue and IVR path, as soon
 * as the pop arrives) and a search as the agent types (GET /kb/suggest
 * with q, debounced); an article opens in a drawer.
 */
export function KbPanel({ pop }: { pop: DeskContext | null }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const [items, setItems] = useState<ArticleSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<Article | null>(null);
  const queue = pop?.queue?.name;
  const ivrPath = ivrLabels(pop);
  useEffect(() => {
    if (!q && !queue && !ivrPath) {
      setItems([]);
      return;
    }
    let live = true;
    setLoading(true);
    get<{ items: ArticleSummary[] }>('/kb/suggest', { queue, ivrPath, q: q || undefined })
      .then((r) => live && setItems(r.items))
      .catch(() => live && setItems([]))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [q, queue, ivrPath]);
  const show = async (id: number) => {
    try {
      setOpen(await get<Article>(`/kb/articles/${id}`));
    } catch {
      setOpen(null);
    }
  };
  return (
    <Card size="small" title={t('desk.kb.title')} data-testid="kb-panel">
      <Input.Search
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('desk.kb.search')}
        data-testid="kb-search"
      />
      {!q && items.length > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('desk.kb.suggested')}
        </Typography.Text>
      )}
      <Spin spinning={loading}>
        <List
          size="small"
          dataSource={items}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desk.kb.empty')} />,
          }}
          renderItem={(a) => (
            <List.Item
              style={{ cursor: 'pointer' }}
              onClick={() => void show(a.id)}
              data-testid={`kb-item-${a.id}`}
            >
              <List.Item.Meta
                avatar={<BookOutlined />}
                title={a.title}
                description={
                  <Space size={4} wrap>
                    {a.category && <Tag>{a.category}</Tag>}
                    {a.tags.slice(0, 3).map((tag) => (
                      <Tag key={tag} color="blue">
                        {tag}
                      </Tag>
                    ))}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Spin>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open?.title}
        size={520}
        data-testid="kb-article"
        extra={
          open && (
            <Space>
              <LikeOutlined />
              {t('desk.kb.helpful', { count: open.helpful })}
            </Space>
          )
        }
      >
        {open && (
          <>
            <Typography.Title level={5}>{t('desk.kb.scenario')}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{open.scenario}</Typography.Paragraph>
            <Typography.Title level={5}>{t('desk.kb.solution')}</Typography.Title>
            <SolutionHtml html={open.solution} testId="kb-solution" />
          </>
        )}
      </Drawer>
    </Card>
  );
}
