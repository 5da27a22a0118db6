import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Space, Table, Tooltip } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, type Page, patch, post } from '../api/client';
import { useSession } from '../auth/session';
import { type AnyRow, canWrite, type ResourceCtx, type ResourceDef } from '../resources/types';
import { showApiError } from './api-errors';
import { FormFields } from './form-fields';
import { DeleteButton, IconButton } from './icon-button';

const idOf = (row: AnyRow): string | number => row.id;

/** The table + form page every resource uses (see ResourceDef). */
export function ResourcePage({ def }: { def: ResourceDef }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const writer = canWrite(def, user?.role);
  const [rows, setRows] = useState<AnyRow[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Record<string, string | undefined>>({});
  const [pager, setPager] = useState({ current: 1, pageSize: 20 });
  const [editing, setEditing] = useState<AnyRow | null | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const rowKey = def.rowKey ?? idOf;
  const itemPath = def.itemPath ?? ((row: AnyRow) => `${def.api}/${idOf(row)}`);

  // Client-paged lists are loaded once; only server paging refetches on a page change.
  const serverPager = def.paging === 'server' ? pager : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the list is the refetch triggers (server page, server search, version after a save), not t or message
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    const query =
      def.paging === 'server'
        ? {
            ...filter,
            limit: serverPager?.pageSize,
            offset: serverPager ? (serverPager.current - 1) * serverPager.pageSize : 0,
            q: def.serverSearch ? search : undefined,
          }
        : { ...filter, limit: def.maxRows === null ? undefined : (def.maxRows ?? 500) };
    get<Page<AnyRow>>(def.api, query)
      .then((page) => {
        if (cancelled) return;
        setRows(page.items);
        setTotal(page.total ?? page.items.length);
      })
      .catch((err) => !cancelled && showApiError(err, { message, t }))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [
    def,
    filter,
    serverPager?.current,
    serverPager?.pageSize,
    def.paging === 'server' ? search : '',
    version,
  ]);

  const ctx: ResourceCtx = { t, reload, writer };
  const shown = useMemo(() => {
    if (def.paging === 'server' || !search.trim() || !def.searchText) return rows;
    const needle = search.trim().toLowerCase();
    return rows.filter((r) => def.searchText!(r).some((s) => (s ?? '').toLowerCase().includes(needle)));
  }, [rows, search, def]);

  const openForm = (row: AnyRow | null) => {
    form.resetFields();
    if (row) form.setFieldsValue(def.form?.toValues ? def.form.toValues(row) : row);
    else if (def.form?.initialValues) form.setFieldsValue(def.form.initialValues);
    setEditing(row);
  };

  const submit = async () => {
    if (!def.form) return;
    let values: unknown;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd already marks the fields
    }
    setSaving(true);
    try {
      const body = def.form.toBody(values, editing ?? null);
      if (def.form.submit) await def.form.submit(values, editing ?? null);
      else if (editing) await patch(itemPath(editing), body);
      else await post(def.api, body);
      message.success(t(editing ? 'common.saved' : 'common.created'));
      setEditing(undefined);
      reload();
    } catch (err) {
      showApiError(err, { form, message, t });
    } finally {
      setSaving(false);
    }
  };

  const remove = async (row: AnyRow) => {
    try {
      await del(itemPath(row));
      message.success(t('common.deleted'));
      reload();
    } catch (err) {
      showApiError(err, { message, t });
    }
  };

  const canEdit = writer && def.form && def.canEdit !== false;
  const canCreate = writer && !!def.form;
  const canDelete = writer && (def.canDelete ?? !!def.form);
  const actions: ColumnsType<AnyRow> =
    canEdit || canDelete || def.rowActions
      ? [
          {
            title: t('common.actions'),
            key: '__actions',
            fixed: 'right',
            width: 150,
            render: (_: unknown, row: AnyRow) => (
              <Space size={4}>
                {def.rowActions?.(row, ctx)}
                {canEdit && (
                  <IconButton
                    label={t('common.edit')}
                    icon={<EditOutlined />}
                    onClick={() => openForm(row)}
                  />
                )}
                {canDelete && <DeleteButton onConfirm={() => remove(row)} />}
              </Space>
            ),
          },
        ]
      : [];

  const pagination: TablePaginationConfig = {
    current: pager.current,
    pageSize: pager.pageSize,
    total: def.paging === 'server' ? total : shown.length,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (n) => t('common.total', { count: n }),
  };

  return (
    <Card
      title={t(`${def.key}.title`)}
      extra={
        <Space wrap>
          {(def.searchText || def.serverSearch) && (
            <Input.Search
              allowClear
              placeholder={t(`${def.key}.search`, { defaultValue: t('common.search') })}
              onSearch={(v) => {
                setSearch(v);
                setPager((p) => ({ ...p, current: 1 }));
              }}
              style={{ width: 240 }}
              data-testid="table-search"
            />
          )}
          {def.toolbar?.(ctx)}
          <Tooltip title={t('common.reload')}>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.reload')} />
          </Tooltip>
          {canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => openForm(null)}
              data-testid="create"
            >
              {t('common.create')}
            </Button>
          )}
        </Space>
      }
    >
      {def.filters && (
        <div style={{ marginBottom: 16 }}>
          {def.filters({
            ...ctx,
            onChange: (q) => {
              setFilter(q);
              setPager((p) => ({ ...p, current: 1 }));
            },
          })}
        </div>
      )}
      <Table
        rowKey={rowKey}
        size="middle"
        loading={loading}
        dataSource={shown}
        columns={[...def.columns(ctx), ...actions]}
        pagination={pagination}
        scroll={{ x: 'max-content' }}
        onChange={(p) => setPager({ current: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
        expandable={def.expandable ? { expandedRowRender: (row) => def.expandable!(row, ctx) } : undefined}
      />
      {def.form && (
        <Modal
          open={editing !== undefined}
          title={t(editing ? `${def.key}.edit` : `${def.key}.create`)}
          okText={t('common.save')}
          cancelText={t('common.cancel')}
          confirmLoading={saving}
          onOk={submit}
          onCancel={() => setEditing(undefined)}
          width={def.form.width ?? 640}
          forceRender
        >
          {/* named so its input ids (seats_extension) never clash with another form on the page */}
          <Form
            form={form}
            name={def.key}
            layout="vertical"
            requiredMark="optional"
            data-testid="resource-form"
          >
            <FormFields fields={def.form.fields({ ...ctx, form, editing: editing ?? null })} />
          </Form>
        </Modal>
      )}
    </Card>
  );
}
