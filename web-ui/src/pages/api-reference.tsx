import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Empty,
  Input,
  Result,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import { useSession } from '../auth/session';

/**
 * A readable view of hotlined's own OpenAPI 3.1 document (GET /api/v1/openapi.json):
 * operations grouped by tag (the module), their parameters and request bodies as
 * field tables. Only what the document holds is shown, so modules whose routes are
 * not documented yet simply do not appear.
 */

type Schema = { [key: string]: unknown };
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
  description?: string;
}
interface Operation {
  tags?: string[];
  operationId?: string;
  summary?: string;
  description?: string;
  'x-roles'?: string | string[];
  parameters?: Parameter[];
  requestBody?: { description?: string; content?: Record<string, { schema?: Schema }> };
}
interface OpenApiDocument {
  info?: { title?: string; version?: string };
  tags?: { name: string }[];
  paths?: Record<string, Record<string, Operation>>;
}
interface Entry {
  key: string;
  tag: string;
  method: string;
  path: string;
  op: Operation;
}
interface FieldRow {
  key: string;
  name: string;
  depth: number;
  required: boolean;
  type: string;
  constraints: string;
  default: string;
  description: string;
}

const DOC_URL = '/api/v1/openapi.json';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const METHOD_COLOR: Record<string, string> = {
  get: 'blue',
  post: 'green',
  put: 'orange',
  patch: 'cyan',
  delete: 'red',
};
const CONSTRAINTS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'format',
];

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** `string`, `integer[]`, `string | null`, `"a" | "b"` for a const union. */
function typeOf(s: Schema): string {
  const alt = (s.anyOf ?? s.oneOf) as unknown;
  if (Array.isArray(alt)) return alt.filter(isSchema).map(typeOf).join(' | ');
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (s.type === 'array') return `${isSchema(s.items) ? typeOf(s.items) : 'any'}[]`;
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.enum)) return 'enum';
  return 'any';
}

function constraintsOf(s: Schema): string {
  // zod writes the safe-integer range into every `.int()`: not a rule anyone set
  const parts = CONSTRAINTS.filter((k) => k in s && Math.abs(Number(s[k])) !== Number.MAX_SAFE_INTEGER).map(
    (k) => `${k}: ${show(s[k])}`,
  );
  if (Array.isArray(s.enum)) parts.unshift(`enum: ${s.enum.map(show).join(', ')}`);
  const items = isSchema(s.items) ? constraintsOf(s.items) : '';
  if (items) parts.push(`items ${items}`);
  return parts.join('; ');
}

/** The object an anyOf/oneOf with exactly one object branch stands for (e.g. `T | null`). */
function objectOf(s: Schema): Schema | undefined {
  if (isSchema(s.properties)) return s;
  if (s.type === 'array' && isSchema(s.items)) return objectOf(s.items);
  return undefined;
}

/**
 * Flattens an object schema into rows, nested objects indented below their field.
 * Returns undefined where a table would mislead (unions of objects, refs, no
 * properties at all): the caller shows the JSON instead.
 */
function fieldRows(schema: Schema, depth = 0, prefix = ''): FieldRow[] | undefined {
  if (!isSchema(schema.properties)) return undefined;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const rows: FieldRow[] = [];
  for (const [name, raw] of Object.entries(schema.properties)) {
    if (!isSchema(raw)) return undefined;
    const alts = ((raw.anyOf ?? raw.oneOf) as unknown[] | undefined)?.filter(isSchema) ?? [];
    if (alts.filter((a) => objectOf(a)).length > 1 || '$ref' in raw) return undefined;
    rows.push({
      key: `${prefix}${name}`,
      name,
      depth,
      required: required.has(name),
      type: typeOf(raw),
      constraints: constraintsOf(raw),
      default: 'default' in raw ? JSON.stringify(raw.default) : '',
      description: typeof raw.description === 'string' ? raw.description : '',
    });
    const nested = objectOf(raw) ?? alts.map(objectOf).find(Boolean);
    if (nested) {
      const below = fieldRows(nested, depth + 1, `${prefix}${name}.`);
      if (!below) return undefined;
      rows.push(...below);
    }
  }
  return rows;
}

function entriesOf(doc: OpenApiDocument): Entry[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => isSchema(item[m])).map((method) => {
      const op = item[method] as Operation;
      return { key: `${method} ${path}`, tag: op.tags?.[0] ?? '', method, path, op };
    }),
  );
}

function Pre({ value }: { value: unknown }) {
  return (
    <pre style={{ margin: 0, fontSize: 12, maxHeight: 320, overflow: 'auto' }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function FieldTable({ rows }: { rows: FieldRow[] }) {
  const { t } = useTranslation();
  return (
    <Table<FieldRow>
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      data-testid="body-fields"
      columns={[
        {
          title: t('apiReference.name'),
          dataIndex: 'name',
          render: (name: string, r) => <code style={{ paddingLeft: r.depth * 20 }}>{name}</code>,
        },
        {
          title: t('apiReference.required'),
          dataIndex: 'required',
          width: 80,
          render: (v: boolean) => (v ? <Tag color="red">{t('apiReference.yes')}</Tag> : null),
        },
        { title: t('apiReference.type'), dataIndex: 'type', render: (v: string) => <code>{v}</code> },
        { title: t('apiReference.constraints'), dataIndex: 'constraints' },
        { title: t('apiReference.default'), dataIndex: 'default', render: (v: string) => <code>{v}</code> },
        ...(rows.some((r) => r.description)
          ? [{ title: t('apiReference.description'), dataIndex: 'description' }]
          : []),
      ]}
    />
  );
}

function Roles({ roles }: { roles: Operation['x-roles'] }) {
  const { t } = useTranslation();
  if (roles === undefined) return null;
  const list = Array.isArray(roles) ? roles : [roles];
  return (
    <Space size={4} wrap>
      {t('apiReference.access')}
      {list.map((r) => (
        <Tag key={r}>{t(`apiReference.role.${r}`, { defaultValue: r })}</Tag>
      ))}
    </Space>
  );
}

function RequestBody({ body }: { body: NonNullable<Operation['requestBody']> }) {
  const { t } = useTranslation();
  const content = Object.entries(body.content ?? {});
  const json = content.find(([type]) => type === 'application/json')?.[1]?.schema;
  const rows = json ? fieldRows(json) : undefined;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t('apiReference.requestBody')}</Typography.Text>
      {body.description ? <Typography.Text type="secondary">{body.description}</Typography.Text> : null}
      {json ? null : (
        <Space size={4} wrap>
          {t('apiReference.mediaTypes')}
          {content.map(([type]) => (
            <Tag key={type}>{type}</Tag>
          ))}
        </Space>
      )}
      {json && rows ? <FieldTable rows={rows} /> : null}
      {json && !rows ? <Pre value={json} /> : null}
    </Space>
  );
}

function OperationCard({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const { op } = entry;
  // the generated "Access: …" line is shown as role tags instead
  const description = (op.description ?? '').replace(/\n*Access: [^\n]*$/, '').trim();
  const params = op.parameters ?? [];
  return (
    <Card
      size="small"
      data-testid="operation"
      id={op.operationId}
      title={
        <Space wrap>
          <Tag
            color={METHOD_COLOR[entry.method]}
            style={{ fontFamily: 'monospace', minWidth: 60, textAlign: 'center' }}
          >
            {entry.method.toUpperCase()}
          </Tag>
          <code data-testid="operation-path">{entry.path}</code>
          <Typography.Text type="secondary">{op.summary}</Typography.Text>
        </Space>
      }
      extra={<Roles roles={op['x-roles']} />}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {description ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {description}
          </Typography.Paragraph>
        ) : null}
        {params.length > 0 ? (
          <>
            <Typography.Text strong>{t('apiReference.parameters')}</Typography.Text>
            <Table<Parameter>
              size="small"
              pagination={false}
              rowKey={(p) => `${p.in}:${p.name}`}
              dataSource={params}
              data-testid="parameters"
              columns={[
                { title: t('apiReference.name'), dataIndex: 'name', render: (v: string) => <code>{v}</code> },
                { title: t('apiReference.in'), dataIndex: 'in', width: 80 },
                {
                  title: t('apiReference.required'),
                  dataIndex: 'required',
                  width: 80,
                  render: (v?: boolean) => (v ? <Tag color="red">{t('apiReference.yes')}</Tag> : null),
                },
                {
                  title: t('apiReference.type'),
                  key: 'type',
                  render: (_v, p) => <code>{p.schema ? typeOf(p.schema) : 'any'}</code>,
                },
                {
                  title: t('apiReference.constraints'),
                  key: 'constraints',
                  render: (_v, p) => (p.schema ? constraintsOf(p.schema) : ''),
                },
                {
                  title: t('apiReference.default'),
                  key: 'default',
                  render: (_v, p) =>
                    p.schema && 'default' in p.schema ? (
                      <code>{JSON.stringify(p.schema.default)}</code>
                    ) : null,
                },
              ]}
            />
          </>
        ) : null}
        {op.requestBody ? <RequestBody body={op.requestBody} /> : null}
      </Space>
    </Card>
  );
}

export function ApiReferencePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [doc, setDoc] = useState<OpenApiDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [search, setSearch] = useState('');

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setDoc(await get<OpenApiDocument>('/openapi.json'));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const entries = useMemo(() => (doc ? entriesOf(doc) : []), [doc]);
  const groups = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const shown = entries.filter(
      (e) =>
        !needle ||
        e.path.toLowerCase().includes(needle) ||
        (e.op.summary ?? '').toLowerCase().includes(needle),
    );
    const order = [...(doc?.tags ?? []).map((tag) => tag.name), ...shown.map((e) => e.tag)];
    return [...new Set(order)]
      .map((tag) => ({ tag, entries: shown.filter((e) => e.tag === tag) }))
      .filter((g) => g.entries.length > 0);
  }, [doc, entries, search]);

  if (user?.role !== 'admin') return <Result status="403" title="403" subTitle={t('errors.forbidden')} />;

  return (
    <Card
      title={
        <Space>
          {t('nav.apiReference')}
          {doc?.info?.version ? <Tag>{doc.info.version}</Tag> : null}
        </Space>
      }
      extra={
        <Space>
          <Input.Search
            allowClear
            placeholder={t('apiReference.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 280 }}
            data-testid="api-search"
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void load()}
            aria-label={t('apiReference.reload')}
          />
          <Button icon={<DownloadOutlined />} href={DOC_URL} download="openapi.json" data-testid="download">
            {t('apiReference.download')}
          </Button>
        </Space>
      }
    >
      {error ? (
        <Alert type="error" showIcon message={t('apiReference.loadFailed')} description={error} />
      ) : null}
      <Spin spinning={loading}>
        {doc ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {t('apiReference.summary', {
                operations: entries.length,
                tags: new Set(entries.map((e) => e.tag)).size,
              })}
            </Typography.Text>
            {groups.length === 0 ? (
              <Empty description={t('apiReference.empty')} />
            ) : (
              <Collapse
                // remounted per search so every matching module opens, never hiding a hit
                key={search}
                defaultActiveKey={groups.map((g) => g.tag)}
                items={groups.map((g) => ({
                  key: g.tag,
                  label: (
                    <Space data-testid={`tag-${g.tag}`}>
                      <Typography.Text strong>{g.tag}</Typography.Text>
                      <Tag>{g.entries.length}</Tag>
                    </Space>
                  ),
                  children: (
                    <Space direction="vertical" style={{ width: '100%' }}>
                      {g.entries.map((e) => (
                        <OperationCard key={e.key} entry={e} />
                      ))}
                    </Space>
                  ),
                }))}
              />
            )}
          </Space>
        ) : null}
      </Spin>
    </Card>
  );
}
