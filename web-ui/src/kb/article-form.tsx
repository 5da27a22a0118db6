import { App, Collapse, Form, Input, Modal, Radio, Select, TreeSelect, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { categoryTree } from '../components/category-tree';
import { FormFields } from '../components/form-fields';
import type { Article, ArticleStatus, KbCategory } from './api';
import { SolutionHtml } from './solution-html';

interface Values {
  title: string;
  categoryId?: number | null;
  tags?: string[];
  status: ArticleStatus;
  scenario?: string;
  solution?: string;
}

/**
 * Creates (editing null) or changes an article. The solution is a plain HTML
 * textarea; what the server kept of it after sanitising shows below it once
 * saved, and in the article view the form returns to.
 */
export function ArticleForm({
  open,
  editing,
  categories,
  onClose,
  onSaved,
}: {
  open: boolean;
  editing: Article | null;
  categories: KbCategory[];
  onClose: () => void;
  onSaved: (a: Article) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? {
            title: editing.title,
            categoryId: editing.categoryId,
            tags: editing.tags,
            status: editing.status,
            scenario: editing.scenario,
            solution: editing.solution,
          }
        : { status: 'draft', tags: [] },
    );
  }, [open, editing, form]);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return; // antd marks the fields
    }
    const body = {
      title: v.title,
      categoryId: v.categoryId ?? null,
      tags: v.tags ?? [],
      status: v.status,
      scenario: v.scenario ?? '',
      solution: v.solution ?? '',
    };
    setSaving(true);
    try {
      const saved = editing
        ? await patch<Article>(`/kb/articles/${editing.id}`, body)
        : await post<Article>('/kb/articles', body);
      message.success(t(editing ? 'common.saved' : 'common.created'));
      onSaved(saved);
    } catch (err) {
      showApiError(err, { form, message, t });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t(editing ? 'kb.edit' : 'kb.create')}
      okText={t('kb.saveAndView')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      width={800}
      // opened from the article drawer, which is mounted later and would otherwise cover it
      zIndex={1010}
      forceRender
    >
      <Form form={form} name="kb" layout="vertical" requiredMark="optional" data-testid="kb-form">
        <FormFields
          fields={[
            { name: 'title', label: t('kb.articleTitle'), required: true, input: <Input maxLength={200} /> },
            {
              name: 'categoryId',
              label: t('kb.category'),
              span: 12,
              input: <TreeSelect allowClear treeDefaultExpandAll treeData={categoryTree(categories)} />,
            },
            {
              name: 'status',
              label: t('kb.status.label'),
              span: 12,
              input: (
                <Radio.Group
                  optionType="button"
                  options={(['draft', 'published'] as const).map((s) => ({
                    value: s,
                    label: t(`kb.status.${s}`),
                  }))}
                />
              ),
            },
            {
              name: 'tags',
              label: t('kb.tags'),
              extra: t('kb.tagsHelp'),
              input: <Select mode="tags" open={false} tokenSeparators={[',', '，']} />,
            },
            {
              name: 'scenario',
              label: t('kb.scenario'),
              input: <Input.TextArea rows={3} maxLength={4000} />,
            },
            {
              name: 'solution',
              label: t('kb.solution'),
              extra: t('kb.solutionHelp'),
              input: <Input.TextArea rows={8} style={{ fontFamily: 'monospace' }} />,
            },
          ]}
        />
      </Form>
      {editing && (
        <Collapse
          size="small"
          items={[
            {
              key: 'preview',
              label: t('kb.savedPreview'),
              children: editing.solution ? (
                <SolutionHtml html={editing.solution} />
              ) : (
                <Typography.Text type="secondary">{t('kb.noSolution')}</Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Modal>
  );
}
