import {
  ArrowLeftOutlined,
  DeleteOutlined,
  DownloadOutlined,
  FlagOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Row, Space, Spin, Switch, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, patch, post } from '../api/client';
import { useSession } from '../auth/session';
import { showApiError } from '../components/api-errors';
import { type Destination, DestinationPicker } from '../components/destination-picker';
import { addChild, type IvrTree, parseImport, removeNode, renameNode } from './ivr-model';
import { type FieldError, IvrNodeForm } from './ivr-node-form';
import { IvrTreeView } from './ivr-tree-view';

interface IvrDoc {
  name: string;
  tree: IvrTree;
  fallback: Destination | null;
}

const NEW_IVR: IvrDoc = {
  name: '',
  tree: { start: 'main', nodes: { main: { type: 'hangup' } } },
  fallback: null,
};

/** The node an error path (`tree.nodes.<id>.…`) is about. */
const nodeOfField = (field: string | undefined) =>
  field?.match(/^tree\.nodes\.([A-Za-z0-9_-]+)/)?.[1] ?? null;

/**
 * Edits one IVR: the call flow as a tree on the left, the selected node's
 * form on the right; saved whole (POST / PATCH /ivrs), the API's validation
 * error selecting the node it names and marking the field.
 */
export function IvrEditor({ id, onDone }: { id: number | null; onDone: (savedId?: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const writer = user?.role === 'admin';
  const [doc, setDoc] = useState<IvrDoc | null>(id === null ? NEW_IVR : null);
  const [selected, setSelected] = useState<string | null>('main');
  const [error, setError] = useState<FieldError | null>(null);
  const [saving, setSaving] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: load when the IVR id changes, not when the language (t) changes
  useEffect(() => {
    if (id === null) return;
    get<IvrDoc>(`/ivrs/${id}`)
      .then((d) => {
        setDoc({ name: d.name, tree: d.tree, fallback: d.fallback });
        setSelected(d.tree.start);
      })
      .catch((err) => showApiError(err, { message, t }));
  }, [id]);

  if (!doc) return <Spin />;
  const setTree = (tree: IvrTree) => setDoc({ ...doc, tree });
  const sel = selected && doc.tree.nodes[selected] ? selected : null;

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const body = { name: doc.name, tree: doc.tree, fallback: doc.fallback };
      const saved =
        id === null
          ? await post<{ id: number }>('/ivrs', body)
          : await patch<{ id: number }>(`/ivrs/${id}`, body);
      message.success(t('ivrs.saved'));
      onDone(saved.id);
    } catch (err) {
      if (err instanceof ApiError && err.field) {
        setError({ field: err.field, message: err.message });
        const node = nodeOfField(err.field);
        if (node && doc.tree.nodes[node]) setSelected(node);
      } else showApiError(err, { message, t });
    } finally {
      setSaving(false);
    }
  };

  const exportJson = () => {
    const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `ivr-${id ?? 'new'}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const importJson = async (file: File) => {
    const parsed = parseImport(await file.text());
    if (!parsed) message.error(t('ivrs.badJson'));
    else {
      setDoc({ name: parsed.name ?? doc.name, tree: parsed.tree, fallback: parsed.fallback ?? doc.fallback });
      setSelected(parsed.tree.start);
      setError(null);
    }
    return false;
  };

  const child = () => {
    if (!sel) return;
    const r = addChild(doc.tree, sel);
    if (r.id) {
      setTree(r.tree);
      setSelected(r.id);
    }
  };
  const canHaveChild = sel !== null && !['transfer', 'hangup'].includes(doc.tree.nodes[sel]!.type);
  const topError = error && !nodeOfField(error.field) ? error : null;
  const fieldStatus = (f: string) =>
    error?.field === f ? { validateStatus: 'error' as const, help: error.message } : {};

  return (
    <Card
      title={`${t('ivrs.editor')}${doc.name ? ` · ${doc.name}` : ''}`}
      extra={
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => onDone()}>
            {t('ivrs.back')}
          </Button>
          <Upload accept="application/json,.json" showUploadList={false} beforeUpload={importJson}>
            <Button icon={<UploadOutlined />}>{t('ivrs.importJson')}</Button>
          </Upload>
          <Button icon={<DownloadOutlined />} onClick={exportJson}>
            {t('ivrs.exportJson')}
          </Button>
          {writer && (
            <Button type="primary" loading={saving} onClick={save} data-testid="ivr-save">
              {t('common.save')}
            </Button>
          )}
        </Space>
      }
    >
      {topError && (
        <Alert
          type="error"
          showIcon
          title={`${topError.field}: ${topError.message}`}
          style={{ marginBottom: 12 }}
          data-testid="ivr-error"
        />
      )}
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={t('ivrs.name')} {...fieldStatus('name')}>
          <Input
            value={doc.name}
            onChange={(e) => setDoc({ ...doc, name: e.target.value })}
            style={{ width: 260 }}
            data-testid="ivr-name"
          />
        </Form.Item>
        <Form.Item label={t('ivrs.fallback')} tooltip={t('ivrs.fallbackHelp')}>
          <Space>
            <Switch
              checked={doc.fallback !== null}
              onChange={(on) => setDoc({ ...doc, fallback: on ? { type: 'hangup' } : null })}
            />
            {doc.fallback ? (
              <DestinationPicker value={doc.fallback} onChange={(d) => setDoc({ ...doc, fallback: d })} />
            ) : (
              t('ivrs.noFallback')
            )}
          </Space>
        </Form.Item>
      </Form>
      <Row gutter={24}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('ivrs.tree')}>
            <IvrTreeView
              tree={doc.tree}
              selected={sel}
              errorNode={nodeOfField(error?.field)}
              onSelect={setSelected}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={sel ? `${t('ivrs.node')} ${sel}` : t('ivrs.node')}
            extra={
              sel && (
                <Space>
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    disabled={!canHaveChild}
                    onClick={child}
                    data-testid="ivr-add-child"
                  >
                    {t('ivrs.addChild')}
                  </Button>
                  <Button
                    size="small"
                    icon={<FlagOutlined />}
                    disabled={sel === doc.tree.start}
                    onClick={() => setTree({ ...doc.tree, start: sel })}
                  >
                    {t('ivrs.makeStart')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={sel === doc.tree.start}
                    onClick={() => {
                      setTree(removeNode(doc.tree, sel));
                      setSelected(doc.tree.start);
                    }}
                    data-testid="ivr-delete-node"
                  >
                    {t('ivrs.deleteNode')}
                  </Button>
                </Space>
              )
            }
          >
            {sel ? (
              <IvrNodeForm
                id={sel}
                tree={doc.tree}
                error={error}
                onChange={(n) => setTree({ ...doc.tree, nodes: { ...doc.tree.nodes, [sel]: n } })}
                onRename={(to) => {
                  const next = renameNode(doc.tree, sel, to);
                  if (!next) return false;
                  setTree(next);
                  setSelected(to);
                  return true;
                }}
              />
            ) : (
              <Empty description={t('ivrs.selectNode')} />
            )}
          </Card>
        </Col>
      </Row>
    </Card>
  );
}
