import { LikeOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Input, List, Row, Select, Space, Tag, Tree, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get } from '../api/client';
import { useSession } from '../auth/session';
import { showApiError } from '../components/api-errors';
import { categoryTree } from '../components/category-tree';
import { useDebounced } from '../components/use-debounced';
import { canWrite, type ResourceDef } from '../resources/types';
import { type Article, type ArticlePage, type ArticleStatus, useCategories } from './api';
import { ArticleDrawer } from './article-drawer';
import { ArticleForm } from './article-form';
import { CategoryManager } from './category-manager';

const EXCERPT = 80;

const excerpt = (s: string) => {
  const line = s.replace(/\s+/g, ' ').trim();
  return [...line].length > EXCERPT ? `${[...line].slice(0, EXCERPT).join('')}…` : line;
};

/**
 * 知识库: search as you type, filter by category and tag, open an article;
 * supervisors and admins also write articles and keep the category tree.
 * The open article is in the URL (`?article=<id>`), so a link can point at it.
 */
export function KbPage({ def }: { def: ResourceDef }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const writer = canWrite(def, user?.role);
  const categories = useCategories();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [tag, setTag] = useState<string | null>(null);
  const [status, setStatus] = useState<ArticleStatus | null>(null);
  const [page, setPage] = useState<ArticlePage | null>(null);
  const [loading, setLoading] = useState(false);
  const [listVersion, setListVersion] = useState(0);
  const [articleVersion, setArticleVersion] = useState(0);
  const [form, setForm] = useState<{ editing: Article | null } | null>(null);

  const openId = Number(params.get('article')) || null;
  const openArticle = (id: number | null) =>
    setParams((p) => {
      if (id === null) p.delete('article');
      else p.set('article', String(id));
      return p;
    });

  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters and listVersion are the refetch triggers, not t or message
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    get<ArticlePage>('/kb/articles', {
      q,
      categoryId,
      tag,
      status,
      limit: 50,
      ...(q ? {} : { sort: 'updatedAt', order: 'desc' }),
    })
      .then((p) => !cancelled && setPage(p))
      .catch((err) => !cancelled && showApiError(err, { message, t }))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [q, categoryId, tag, status, listVersion]);

  // the tags of what is shown (and the one chosen), to narrow further
  const tagOptions = useMemo(() => {
    const all = new Set(page?.items.flatMap((a) => a.tags) ?? []);
    if (tag) all.add(tag);
    return [...all].sort().map((x) => ({ value: x, label: x }));
  }, [page, tag]);

  const reloadAll = () => {
    setListVersion((v) => v + 1);
    setArticleVersion((v) => v + 1);
  };

  const categoryCard = (
    <Card
      size="small"
      title={t('kb.category')}
      extra={writer && <CategoryManager categories={categories.list} onChanged={categories.reload} />}
    >
      <Button
        type={categoryId === null ? 'link' : 'text'}
        size="small"
        onClick={() => setCategoryId(null)}
        data-testid="kb-all-categories"
      >
        {t('kb.allCategories')}
      </Button>
      <Tree
        treeData={categoryTree(categories.list)}
        defaultExpandAll
        // defaultExpandAll applies when the tree mounts: mount it again once the categories arrive
        key={categories.list.length}
        selectedKeys={categoryId === null ? [] : [categoryId]}
        onSelect={(keys) => setCategoryId(keys.length ? Number(keys[0]) : null)}
      />
    </Card>
  );

  return (
    <Row gutter={16}>
      <Col xs={24} md={6}>
        {categoryCard}
      </Col>
      <Col xs={24} md={18}>
        <Card
          title={t('kb.title')}
          extra={
            writer && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setForm({ editing: null })}
                data-testid="create"
              >
                {t('kb.create')}
              </Button>
            )
          }
        >
          <Space wrap style={{ marginBottom: 16 }}>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('kb.search')}
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={64}
              style={{ width: 320 }}
              data-testid="kb-search"
            />
            <Select
              allowClear
              showSearch
              placeholder={t('kb.anyTag')}
              value={tag}
              onChange={(v) => setTag(v ?? null)}
              options={tagOptions}
              style={{ width: 160 }}
              data-testid="kb-tag"
            />
            {writer && (
              <Select
                allowClear
                placeholder={t('kb.anyStatus')}
                value={status}
                onChange={(v) => setStatus(v ?? null)}
                options={(['published', 'draft'] as const).map((s) => ({
                  value: s,
                  label: t(`kb.status.${s}`),
                }))}
                style={{ width: 120 }}
                data-testid="kb-status"
              />
            )}
            {page && (
              <Typography.Text type="secondary" data-testid="kb-total">
                {t('kb.results', { count: page.total })}
                {page.match && ` · ${t(`kb.match.${page.match}`)}`}
              </Typography.Text>
            )}
          </Space>
          <List
            loading={loading}
            dataSource={page?.items ?? []}
            locale={{ emptyText: <Empty description={t('kb.empty')} /> }}
            data-testid="kb-results"
            renderItem={(a) => (
              <List.Item
                key={a.id}
                data-testid={`kb-result-${a.id}`}
                extra={
                  <Space size={4} style={{ marginLeft: 24 }} aria-label={t('kb.helpful')}>
                    <LikeOutlined />
                    {a.helpful}
                  </Space>
                }
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Typography.Link onClick={() => openArticle(a.id)} data-testid="kb-result-title">
                        {a.title}
                      </Typography.Link>
                      {a.status === 'draft' && <Tag color="orange">{t('kb.status.draft')}</Tag>}
                    </Space>
                  }
                  description={
                    <>
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                        {excerpt(a.scenario)}
                      </Typography.Paragraph>
                      <Space wrap size={4}>
                        <Tag color="blue">{a.category ?? t('kb.uncategorized')}</Tag>
                        {a.tags.map((x) => (
                          <Tag key={x} style={{ cursor: 'pointer' }} onClick={() => setTag(x)}>
                            {x}
                          </Tag>
                        ))}
                      </Space>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <ArticleDrawer
        id={openId}
        version={articleVersion}
        writer={writer}
        onClose={() => openArticle(null)}
        onEdit={(a) => setForm({ editing: a })}
        onChanged={() => setListVersion((v) => v + 1)}
      />
      {writer && (
        <ArticleForm
          open={form !== null}
          editing={form?.editing ?? null}
          categories={categories.list}
          onClose={() => setForm(null)}
          onSaved={(a) => {
            setForm(null);
            reloadAll();
            openArticle(a.id);
          }}
        />
      )}
    </Row>
  );
}
