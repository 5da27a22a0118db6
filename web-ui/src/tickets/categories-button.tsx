import { ApartmentOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Divider, Empty, Input, Popconfirm, Space, Tree, TreeSelect } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, patch, post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { categoryTree } from '../components/category-tree';
import { ModalButton } from '../components/modal-button';
import { type CategoryView, TICKETS } from './model';

const TOP = 0;

/**
 * The ticket category tree: add (at the top or under the selected), rename,
 * move, delete. The page's categories are handed in, so the filter and the
 * SLA grid see a change at once.
 */
export function CategoriesButton({ categories, reload }: { categories: CategoryView[]; reload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [selected, setSelected] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [parent, setParent] = useState<number>(TOP);
  const current = categories.find((c) => c.id === selected);

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      message.success(done);
      reload();
      return true;
    } catch (err) {
      showApiError(err, { message, t });
      return false;
    }
  };
  const add = async (parentId: number | null) => {
    if (await run(() => post(`${TICKETS}/categories`, { name: name.trim(), parentId }), t('common.created')))
      setName('');
  };

  return (
    <ModalButton
      label={t('tickets.categories')}
      icon={<ApartmentOutlined />}
      testId="ticket-categories"
      title={t('tickets.categoriesTitle')}
      footer={null}
      onOpen={reload}
    >
      {categories.length ? (
        <Tree
          // remounted when a category comes or goes, so the new one shows expanded
          key={categories.length}
          showLine
          defaultExpandAll
          blockNode
          treeData={categoryTree(categories)}
          selectedKeys={selected === null ? [] : [selected]}
          onSelect={(keys) => {
            const id = keys.length ? Number(keys[0]) : null;
            setSelected(id);
            const c = categories.find((x) => x.id === id);
            setName(c?.name ?? '');
            setParent(c?.parentId ?? TOP);
          }}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.noCategories')} />
      )}
      <Divider />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input
          value={name}
          maxLength={64}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('tickets.categoryName')}
          data-testid="category-name"
        />
        <Space wrap>
          <Button icon={<PlusOutlined />} disabled={!name.trim()} onClick={() => add(null)}>
            {t('tickets.addRoot')}
          </Button>
          {current && (
            <>
              <Button icon={<PlusOutlined />} disabled={!name.trim()} onClick={() => add(current.id)}>
                {t('tickets.addChild')}
              </Button>
              <Button
                icon={<EditOutlined />}
                disabled={!name.trim() || name.trim() === current.name}
                onClick={() =>
                  run(
                    () => patch(`${TICKETS}/categories/${current.id}`, { name: name.trim() }),
                    t('common.saved'),
                  )
                }
              >
                {t('tickets.rename')}
              </Button>
              <Popconfirm
                title={t('common.confirmDelete')}
                okText={t('common.delete')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={async () => {
                  if (await run(() => del(`${TICKETS}/categories/${current.id}`), t('common.deleted')))
                    setSelected(null);
                }}
              >
                <Button danger icon={<DeleteOutlined />}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            </>
          )}
        </Space>
        {current && (
          <Space.Compact style={{ width: '100%' }}>
            <TreeSelect
              style={{ flex: 1 }}
              treeDefaultExpandAll
              value={parent}
              onChange={(v: number) => setParent(v)}
              treeData={[
                { value: TOP, key: TOP, title: t('tickets.topLevel'), children: [] },
                ...categoryTree(categories, current.id),
              ]}
            />
            <Button
              disabled={parent === (current.parentId ?? TOP)}
              onClick={() =>
                run(
                  () =>
                    patch(`${TICKETS}/categories/${current.id}`, {
                      parentId: parent === TOP ? null : parent,
                    }),
                  t('common.saved'),
                )
              }
            >
              {t('tickets.moveUnder')}
            </Button>
          </Space.Compact>
        )}
      </Space>
    </ModalButton>
  );
}
