import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Select, Space, Tag, TreeSelect } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { get, type Page, post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { categoryTree } from '../components/category-tree';
import { FormFields } from '../components/form-fields';
import { useLoaded } from '../components/use-loaded';
import {
  type Assignees,
  assigneeFields,
  assigneeOptions,
  PRIORITIES,
  TICKETS,
  type TicketView,
  useCategories,
} from './model';

interface CustomerOption {
  id: number;
  name: string;
  numbers: string[];
  vip: number;
}
const customerLabel = (c: CustomerOption) => `${c.name}${c.numbers.length ? ` · ${c.numbers[0]}` : ''}`;

/** A positive id from the query string, or undefined. */
const idParam = (v: string | null) => (v && /^[1-9][0-9]{0,9}$/.test(v) ? Number(v) : undefined);

/** Customers matching what is typed (`q` searches name and numbers), plus the pre-filled one. */
function CustomerSelect(props: {
  value?: number;
  onChange?: (v: number | undefined) => void;
  initial?: CustomerOption;
}) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<CustomerOption[]>(props.initial ? [props.initial] : []);
  const search = (q: string) =>
    void get<Page<CustomerOption>>('/customers', { q, limit: 20 })
      .then((p) => setOptions(p.items))
      .catch(() => setOptions([]));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page of customers once; then what is typed
  useEffect(() => search(''), []);
  const all =
    props.initial && !options.some((o) => o.id === props.initial!.id) ? [props.initial, ...options] : options;
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: search }}
      value={props.value}
      onChange={props.onChange}
      placeholder={t('tickets.customerSearch')}
      options={all.map((c) => ({ value: c.id, label: customerLabel(c) }))}
      data-testid="ticket-customer"
    />
  );
}

/**
 * The new-ticket form at /console/tickets/new. The agent's desk opens it
 * pre-filled: `?customerId=<id>&callId=<id>&linkedid=<asterisk id>&caller=<number>`
 * (all optional): the customer is selected, the call linked, and a caller
 * number with no customer id selects the customer who has that number and is
 * noted in the description. The desk knows a call by Asterisk's linkedid;
 * its calls row (the id a ticket links) is built once the call's CDR is in,
 * a second or two after hang-up, so the page asks for it a few times.
 */
export function TicketCreatePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [initialCustomer, setInitialCustomer] = useState<CustomerOption>();
  const { categories } = useCategories();
  const { data: assignees } = useLoaded<Assignees>(`${TICKETS}/assignees`);
  const [callId, setCallId] = useState(idParam(params.get('callId')));
  const linkedid = params.get('linkedid')?.match(/^[0-9]{1,20}\.[0-9]{1,10}$/)?.[0];
  const caller =
    params
      .get('caller')
      ?.replace(/[^0-9+*#]/g, '')
      .slice(0, 32) || undefined;
  const customerId = idParam(params.get('customerId'));

  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string is read once, when the page opens
  useEffect(() => {
    if (caller) form.setFieldValue('description', `${t('tickets.callerLine', { number: caller })}\n`);
    const found = customerId
      ? get<CustomerOption>(`/customers/${customerId}`)
      : caller
        ? get<CustomerOption>('/customers/lookup', { number: caller })
        : Promise.reject(new Error('none'));
    found
      .then((c) => {
        setInitialCustomer(c);
        form.setFieldValue('customerId', c.id);
      })
      .catch(() => undefined); // not found: the agent picks one or leaves it empty
  }, []);

  useEffect(() => {
    if (!linkedid || callId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const find = async (attempt: number) => {
      const page = await get<Page<{ id: number }>>('/calls', { linkedid }).catch(() => undefined);
      if (stopped) return;
      const id = page?.items[0]?.id;
      if (id) setCallId(id);
      else if (attempt < 10) timer = setTimeout(() => find(attempt + 1), 1000);
    };
    void find(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [linkedid, callId]);

  const treeData = useMemo(() => categoryTree(categories), [categories]);

  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const created = await post<TicketView>(TICKETS, {
        title: v.title,
        description: v.description ?? '',
        customerId: v.customerId ?? null,
        categoryId: v.categoryId ?? null,
        priority: v.priority ?? 'normal',
        callIds: callId ? [callId] : [],
        ...assigneeFields(v.assignee as string | undefined),
      });
      message.success(t('tickets.created', { number: created.number }));
      navigate(`/tickets?id=${created.id}`);
    } catch (err) {
      showApiError(err, { form, message, t });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title={t('tickets.create')}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/tickets')}>
          {t('tickets.back')}
        </Button>
      }
    >
      <Form
        form={form}
        name="ticket"
        layout="vertical"
        requiredMark="optional"
        initialValues={{ priority: 'normal' }}
        style={{ maxWidth: 720 }}
      >
        <FormFields
          fields={[
            {
              name: 'title',
              label: t('tickets.ticketTitle'),
              required: true,
              input: <Input maxLength={200} />,
            },
            {
              name: 'description',
              label: t('tickets.description'),
              input: <Input.TextArea rows={5} maxLength={4000} showCount />,
            },
            {
              name: 'customerId',
              label: t('tickets.customer'),
              input: <CustomerSelect initial={initialCustomer} />,
            },
            // the API names callIds when a linked call is refused
            (callId !== undefined || caller !== undefined) && (
              <Form.Item key="call" name="callIds" label={t('tickets.calls')}>
                <Space>
                  {callId !== undefined && <Tag data-testid="prefilled-call">#{callId}</Tag>}
                  {caller && <Tag>{t('tickets.callerLine', { number: caller })}</Tag>}
                </Space>
              </Form.Item>
            ),
            {
              name: 'categoryId',
              label: t('tickets.category'),
              input: <TreeSelect allowClear treeDefaultExpandAll treeData={treeData} />,
            },
            {
              name: 'priority',
              label: t('tickets.priority'),
              input: (
                <Select
                  options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priorities.${p}`) }))}
                />
              ),
            },
            {
              name: 'assignee',
              label: t('tickets.assignee'),
              input: (
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('tickets.unassigned')}
                  options={assigneeOptions(assignees, t)}
                />
              ),
            },
          ]}
        />
        <Button type="primary" loading={saving} onClick={submit} data-testid="submit-ticket">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
