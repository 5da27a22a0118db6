import { EditOutlined, FolderAddOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, Modal, Space, Tree, TreeSelect } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, patch, post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { type CategoryNode, categoryTree } from '../components/category-tree';
import { FormFields } from '../components/form-fields';
import { DeleteButton, IconButton } from '../components/icon-button';
import { ModalButton } from '../components/modal-button';
import type { KbCategory } from './api';

/** What the small form edits: a new category (id undefined) or an existing one. */
interface Editing {
  id?: number;
  name?: string;
  parentId: number | null;
}

/**
 * The category tree for writers: add (at the top or under a category), rename
 * or move, delete. The server refuses to delete a category with articles or
 * subcategories (409); its message is shown as it comes.
 */
export function CategoryManager({
  categories,
  onChanged,
}: {
  categories: KbCategory[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; parentId?: number | null }>();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [saving, setSaving] = useState(false);
  const tree = categoryTree(categories);

  const open = (e: Editing) => {
    form.resetFields();
    form.setFieldsValue({ name: e.name, parentId: e.parentId });
    setEditing(e);
  };
  const save = async () => {
    if (!editing) return;
    let v: { name: string; parentId?: number | null };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = { name: v.name, parentId: v.parentId ?? null };
    setSaving(true);
    try {
      if (editing.id === undefined) await post('/kb/categories', body);
      else await patch(`/kb/categories/${editing.id}`, body);
      message.success(t(editing.id === undefined ? 'common.created' : 'common.saved'));
      setEditing(null);
      onChanged();
    } catch (err) {
      showApiError(err, { form, message, t });
    } finally {
      setSaving(false);
    }
  };
  const remove = async (id: number) => {
    try {
      await del(`/kb/categories/${id}`);
      message.success(t('common.deleted'));
      onChanged();
    } catch (err) {
      showApiError(err, { message, t });
    }
  };

  const byId = new Map(categories.map((c) => [c.id, c]));
  const actions = (node: CategoryNode) => {
    const c = byId.get(node.key)!;
    return (
      <Space size={0} data-testid={`kb-category-${c.id}`}>
        <span style={{ marginRight: 8 }}>{c.name}</span>
        <IconButton
          label={t('kb.categories.addChild')}
          icon={<FolderAddOutlined />}
          onClick={() => open({ parentId: c.id })}
        />
        <IconButton
          label={t('kb.categories.edit')}
          icon={<EditOutlined />}
          onClick={() => open({ id: c.id, name: c.name, parentId: c.parentId })}
        />
        <DeleteButton onConfirm={() => remove(c.id)} />
      </Space>
    );
  };

  return (
    <ModalButton
      label={t('kb.categories.manage')}
      testId="kb-categories"
      title={t('kb.categories.title')}
      footer={null}
      width={560}
    >
      <Button icon={<PlusOutlined />} onClick={() => open({ parentId: null })} data-testid="kb-category-add">
        {t('kb.categories.add')}
      </Button>
      <div style={{ marginTop: 12 }}>
        {tree.length === 0 ? (
          <Empty description={t('kb.categories.none')} />
        ) : (
          <Tree<CategoryNode> treeData={tree} defaultExpandAll selectable={false} titleRender={actions} />
        )}
      </div>
      <Modal
        open={editing !== null}
        title={t(editing?.id === undefined ? 'kb.categories.add' : 'kb.categories.edit')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={save}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form form={form} name="kbCategory" layout="vertical" requiredMark="optional">
          <FormFields
            fields={[
              {
                name: 'name',
                label: t('kb.categories.name'),
                required: true,
                input: <Input maxLength={64} />,
              },
              {
                name: 'parentId',
                label: t('kb.categories.parent'),
                input: (
                  <TreeSelect
                    allowClear
                    treeDefaultExpandAll
                    placeholder={t('kb.categories.root')}
                    treeData={tree}
                  />
                ),
              },
            ]}
          />
        </Form>
      </Modal>
    </ModalButton>
  );
}
