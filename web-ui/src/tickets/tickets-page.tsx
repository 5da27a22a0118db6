import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { get, type Page } from '../api/client';
import { keepEventSource } from '../api/event-stream';
import { useSession } from '../auth/session';
import { showApiError } from '../components/api-errors';
import { categoryTree } from '../components/category-tree';
import { formatTime } from '../components/format';
import { useLoaded } from '../components/use-loaded';
import { CategoriesButton } from './categories-button';
import {
  type Assignees,
  assigneeOptions,
  PRIORITIES,
  STATUSES,
  TICKETS,
  type TicketView,
  useCategories,
} from './model';
import { SlaButton } from './sla-button';
import { DueTime, PriorityTag, StatusTag } from './tags';
import { TicketDrawer } from './ticket-drawer';
import './tickets.css';

interface Filters {
  status?: string[];
  priority?: string[];
  categoryId?: number;
  assignee?: string;
  overdue?: boolean;
  q?: string;
}

/** 工单: the list with filters and paging, live from the ticket events; `?id=` opens a ticket's drawer. */
export function TicketsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const [filters, setFilters] = useState<Filters>({});
  const [pager, setPager] = useState({ current: 1, pageSize: 20 });
  const [page, setPage] = useState<Page<TicketView>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const { categories, reload: reloadCategories } = useCategories();
  const { data: assignees } = useLoaded<Assignees>(`${TICKETS}/assignees`);
  const manager = user?.role === 'admin' || user?.role === 'supervisor';

  // biome-ignore lint/correctness/useExhaustiveDependencies: the list is the refetch triggers, not t or message
  useEffect(() => {
    let live = true;
    setLoading(true);
    get<Page<TicketView>>(TICKETS, {
      status: filters.status?.join(','),
      priority: filters.priority?.join(','),
      categoryId: filters.categoryId,
      assignee: filters.assignee,
      overdue: filters.overdue ? 'true' : undefined,
      q: filters.q,
      sort: 'createdAt',
      order: 'desc',
      limit: pager.pageSize,
      offset: (pager.current - 1) * pager.pageSize,
    })
      .then((p) => live && setPage(p))
      .catch((err) => live && showApiError(err, { message, t }))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [filters, pager, version]);

  // pushed, not polled: the desk's stream of ticket events only (those of tickets this user may see);
  // a (re)connect reloads too, for whatever changed while the stream was down
  useEffect(
    () =>
      keepEventSource(() => '/api/v1/desk/events?only=tickets', { open: reload, events: { ticket: reload } }),
    [reload],
  );

  const open = (id: number | null) =>
    setParams(
      (p) => {
        if (id === null) p.delete('id');
        else p.set('id', String(id));
        return p;
      },
      { replace: false },
    );

  /** A multi-select of one of the API's enums (`status=new,in_progress`). */
  const enumFilter = (name: 'status' | 'priority', values: readonly string[], names: string) => (
    <Form.Item name={name} label={t(`tickets.${name}`)}>
      <Select
        mode="multiple"
        allowClear
        style={{ minWidth: 160 }}
        placeholder={t('filter.any')}
        options={values.map((v) => ({ value: v, label: t(`tickets.${names}.${v}`) }))}
        data-testid={`filter-${name}`}
      />
    </Form.Item>
  );

  const columns: ColumnsType<TicketView> = [
    {
      title: t('tickets.number'),
      dataIndex: 'number',
      render: (n: string, r) => (
        <Typography.Link onClick={() => open(r.id)} data-testid={`ticket-${n}`}>
          {n}
        </Typography.Link>
      ),
    },
    { title: t('tickets.ticketTitle'), dataIndex: 'title', ellipsis: true },
    {
      title: t('tickets.customer'),
      dataIndex: 'customer',
      render: (c: TicketView['customer']) =>
        c ? (
          <Space size={4}>
            {c.name}
            {c.vip > 0 && <Tag color="gold">VIP {c.vip}</Tag>}
          </Space>
        ) : (
          '—'
        ),
    },
    { title: t('tickets.category'), dataIndex: 'category', render: (v: string | null) => v ?? '—' },
    {
      title: t('tickets.status'),
      dataIndex: 'status',
      render: (s: TicketView['status']) => <StatusTag status={s} />,
    },
    {
      title: t('tickets.priority'),
      dataIndex: 'priority',
      render: (p: TicketView['priority']) => <PriorityTag priority={p} />,
    },
    { title: t('tickets.assignee'), dataIndex: 'assignee', render: (v: string | null) => v ?? '—' },
    { title: t('tickets.dueAt'), key: 'due', render: (_, r) => <DueTime ticket={r} /> },
    { title: t('tickets.createdAt'), dataIndex: 'createdAt', render: formatTime },
  ];

  return (
    <Card
      title={
        <Space>
          {t('tickets.title')}
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('tickets.live')}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space wrap>
          {manager && <CategoriesButton categories={categories} reload={reloadCategories} />}
          {manager && <SlaButton categories={categories} />}
          <Tooltip title={t('common.reload')}>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.reload')} />
          </Tooltip>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/tickets/new')}
            data-testid="create"
          >
            {t('tickets.create')}
          </Button>
        </Space>
      }
    >
      <Form
        layout="inline"
        name="ticket-filters"
        style={{ marginBottom: 16, rowGap: 8 }}
        onValuesChange={(_, all: Filters) => {
          setFilters({ ...all, q: all.q?.trim() || undefined });
          setPager((p) => ({ ...p, current: 1 }));
        }}
      >
        {enumFilter('status', STATUSES, 'statuses')}
        {enumFilter('priority', PRIORITIES, 'priorities')}
        <Form.Item name="categoryId" label={t('tickets.category')}>
          <TreeSelect
            allowClear
            treeDefaultExpandAll
            style={{ minWidth: 160 }}
            placeholder={t('filter.any')}
            treeData={categoryTree(categories)}
          />
        </Form.Item>
        <Form.Item name="assignee" label={t('tickets.assignee')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 160 }}
            placeholder={t('filter.any')}
            data-testid="filter-assignee"
            options={[
              { value: 'me', label: t('tickets.mine') },
              { value: 'none', label: t('tickets.unassigned') },
              ...assigneeOptions(assignees, t),
            ]}
          />
        </Form.Item>
        <Form.Item name="overdue" valuePropName="checked">
          <Checkbox data-testid="filter-overdue">{t('tickets.overdueOnly')}</Checkbox>
        </Form.Item>
        <Form.Item name="q">
          <Input.Search allowClear placeholder={t('tickets.search')} style={{ width: 240 }} />
        </Form.Item>
      </Form>
      <div data-testid="tickets-table">
        <Table
          rowKey="id"
          size="middle"
          loading={loading && page.items.length === 0}
          dataSource={page.items}
          columns={columns}
          rowClassName={(r) => (r.overdue ? 'ticket-overdue' : '')}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: pager.current,
            pageSize: pager.pageSize,
            total: page.total,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (n) => t('common.total', { count: n }),
          }}
          onChange={(p) => setPager({ current: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
        />
      </div>
      <TicketDrawer id={openId} onClose={() => open(null)} onChanged={reload} assignees={assignees} />
    </Card>
  );
}
