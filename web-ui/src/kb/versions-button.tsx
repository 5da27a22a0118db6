import { HistoryOutlined } from '@ant-design/icons';
import { App, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../api/client';
import { showApiError } from '../components/api-errors';
import { formatTime } from '../components/format';
import { ModalButton } from '../components/modal-button';
import type { ArticleVersion } from './api';
import { SolutionHtml } from './solution-html';

/** An article's previous versions, newest first; a row opens to its scenario and solution. */
export function VersionsButton({ articleId }: { articleId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [rows, setRows] = useState<ArticleVersion[] | null>(null);
  const load = async () => {
    setRows(null);
    try {
      setRows((await get<Page<ArticleVersion>>(`/kb/articles/${articleId}/versions`, { limit: 100 })).items);
    } catch (err) {
      showApiError(err, { message, t });
      return false;
    }
  };
  return (
    <ModalButton
      label={t('kb.versions.open')}
      icon={<HistoryOutlined />}
      testId="kb-versions"
      title={t('kb.versions.title')}
      width={860}
      footer={null}
      onOpen={load}
    >
      <Table<ArticleVersion>
        rowKey="version"
        size="small"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={false}
        locale={{ emptyText: t('kb.versions.none') }}
        columns={[
          { title: t('kb.versions.version'), dataIndex: 'version', width: 70 },
          { title: t('kb.articleTitle'), dataIndex: 'title' },
          {
            title: t('kb.status.label'),
            dataIndex: 'status',
            render: (s: ArticleVersion['status']) => <Tag>{t(`kb.status.${s}`)}</Tag>,
          },
          { title: t('kb.versions.updatedBy'), dataIndex: 'updatedBy' },
          { title: t('kb.versions.updatedAt'), dataIndex: 'updatedAt', render: formatTime },
        ]}
        expandable={{
          expandedRowRender: (v) => (
            <>
              <Typography.Title level={5}>{t('kb.scenario')}</Typography.Title>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{v.scenario}</Typography.Paragraph>
              <Typography.Title level={5}>{t('kb.solution')}</Typography.Title>
              <SolutionHtml html={v.solution} />
            </>
          ),
        }}
      />
    </ModalButton>
  );
}
