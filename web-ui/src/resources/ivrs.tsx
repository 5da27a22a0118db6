import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import type { IvrTree } from '../callcenter/ivr-model';
import { type Destination, describeDestination } from '../components/destination-picker';
import { byText } from '../components/format';
import { LazyResourcePage, lazyPage } from '../components/lazy-page';
import type { ResourceBody, ResourceDef } from './types';

interface Ivr {
  id: number;
  name: string;
  tree: IvrTree;
  fallback: Destination | null;
}

/** Links to the editor (`?edit=<id>` or `?edit=new`) from the list. */
function EditLink({ id, label }: { id: number | 'new'; label: string }) {
  const navigate = useNavigate();
  return id === 'new' ? (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      onClick={() => navigate('?edit=new')}
      data-testid="ivr-create"
    >
      {label}
    </Button>
  ) : (
    <Tooltip title={label}>
      <Button
        type="text"
        size="small"
        icon={<EditOutlined />}
        onClick={() => navigate(`?edit=${id}`)}
        aria-label={label}
        data-testid={`ivr-edit-${id}`}
      />
    </Tooltip>
  );
}

const list: ResourceBody<Ivr> = {
  api: '/ivrs',
  paging: 'client',
  searchText: (r) => [r.name],
  canDelete: true,
  columns: ({ t }) => [
    { title: t('ivrs.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    { title: t('ivrs.start'), key: 'start', render: (_, r) => r.tree.start },
    { title: t('ivrs.nodes'), key: 'nodes', render: (_, r) => Object.keys(r.tree.nodes).length },
    {
      title: t('ivrs.fallback'),
      dataIndex: 'fallback',
      render: (d: Destination | null) => (d ? describeDestination(d, t) : t('ivrs.noFallback')),
    },
  ],
  toolbar: ({ t, writer }) => (writer ? <EditLink id="new" label={t('ivrs.create')} /> : null),
  rowActions: (row, { t }) => <EditLink id={row.id} label={t('ivrs.edit')} />,
};

const IvrEditor = lazyPage(() => import('../callcenter/ivr-editor').then((m) => m.IvrEditor));

/** The IVR list, or the tree editor for one IVR when `?edit=` is in the URL. */
function IvrPage({ def }: { def: ResourceDef<Ivr> }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const edit = params.get('edit');
  if (edit === null) return <LazyResourcePage def={def} />;
  return (
    <IvrEditor
      key={edit}
      id={edit === 'new' ? null : Number(edit)}
      onDone={(id) => navigate(id ? `?edit=${id}` : '.')}
    />
  );
}

export const ivrs: ResourceBody<Ivr> = { ...list, page: IvrPage };
