import { DeleteOutlined, EditOutlined, LikeFilled, LikeOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, del, get } from '../api/client';
import { showApiError } from '../components/api-errors';
import { formatTime } from '../components/format';
import { DeleteButton } from '../components/icon-button';
import type { Article } from './api';
import { SolutionHtml } from './solution-html';
import { VersionsButton } from './versions-button';

/**
 * One article: 情景 as text, 方案 as the server's sanitised HTML, the
 * helpful toggle; writers also edit, delete and see the versions.
 * `version` reloads it (after an edit).
 */
export function ArticleDrawer({
  id,
  version,
  writer,
  onClose,
  onEdit,
  onChanged,
}: {
  id: number | null;
  version: number;
  writer: boolean;
  onClose: () => void;
  onEdit: (a: Article) => void;
  /** A vote or a delete changed what the list shows. */
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [article, setArticle] = useState<Article | null>(null);
  const [voting, setVoting] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: id and version are the reload triggers
  useEffect(() => {
    setArticle(null);
    if (id === null) return;
    let cancelled = false;
    get<Article>(`/kb/articles/${id}`)
      .then((a) => !cancelled && setArticle(a))
      .catch((err) => {
        if (cancelled) return;
        showApiError(err, { message, t });
        onClose();
      });
    return () => {
      cancelled = true;
    };
  }, [id, version]);

  const vote = async () => {
    if (!article) return;
    setVoting(true);
    try {
      const r = await api<{ helpful: number; voted: boolean }>(
        article.voted ? 'DELETE' : 'POST',
        `/kb/articles/${article.id}/vote`,
      );
      setArticle({ ...article, ...r });
      onChanged();
    } catch (err) {
      showApiError(err, { message, t });
    } finally {
      setVoting(false);
    }
  };

  const remove = async () => {
    if (!article) return;
    try {
      await del(`/kb/articles/${article.id}`);
      message.success(t('common.deleted'));
      onChanged();
      onClose();
    } catch (err) {
      showApiError(err, { message, t });
    }
  };

  const a = article;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={720}
      title={a?.title}
      extra={
        a &&
        writer && (
          <Space>
            <VersionsButton articleId={a.id} />
            <Button icon={<EditOutlined />} onClick={() => onEdit(a)} data-testid="kb-edit">
              {t('common.edit')}
            </Button>
            <DeleteButton onConfirm={remove}>
              <Button danger icon={<DeleteOutlined />} aria-label={t('kb.delete')} />
            </DeleteButton>
          </Space>
        )
      }
    >
      {!a ? (
        <Skeleton active />
      ) : (
        <div data-testid="kb-article">
          <Space wrap style={{ marginBottom: 12 }}>
            {a.status === 'draft' && <Tag color="orange">{t('kb.status.draft')}</Tag>}
            <Tag color="blue">{a.category ?? t('kb.uncategorized')}</Tag>
            {a.tags.map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
          </Space>
          <Typography.Title level={5}>{t('kb.scenario')}</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="kb-scenario">
            {a.scenario}
          </Typography.Paragraph>
          <Typography.Title level={5}>{t('kb.solution')}</Typography.Title>
          {a.solution ? (
            <SolutionHtml html={a.solution} testId="kb-solution" />
          ) : (
            <Typography.Text type="secondary">{t('kb.noSolution')}</Typography.Text>
          )}
          <Space style={{ marginTop: 24 }} wrap>
            {a.status === 'published' && (
              <Button
                type={a.voted ? 'primary' : 'default'}
                icon={a.voted ? <LikeFilled /> : <LikeOutlined />}
                loading={voting}
                onClick={vote}
                aria-pressed={a.voted}
                data-testid="kb-vote"
              >
                {t(a.voted ? 'kb.voted' : 'kb.helpful')}
              </Button>
            )}
            <Typography.Text type="secondary" data-testid="kb-helpful">
              {t('kb.helpfulCount', { count: a.helpful })}
            </Typography.Text>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
            {t('kb.version', { version: a.version })} ·{' '}
            {t('kb.updated', { who: a.updatedBy ?? '—', when: formatTime(a.updatedAt) })}
          </Typography.Paragraph>
        </div>
      )}
    </Drawer>
  );
}
