import { Tag, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useTranslation } from 'react-i18next';
import { type IvrTree, slotsOf } from './ivr-model';

/** Where a slot leads, as a short label: the key of a menu option, "open", "timeout". */
const slotLabel = (field: string, t: (k: string) => string) =>
  field.startsWith('options.') ? field.slice(8) : t(`ivrs.${field === 'next' ? 'next' : field}`);

/**
 * The call flow from `start` as a tree: every node once, at its first place
 * in a walk from start; a later reference (a loop back to the menu) is a
 * leaf saying where it goes. Nodes nobody reaches are listed below, marked.
 */
export function IvrTreeView({
  tree,
  selected,
  errorNode,
  onSelect,
}: {
  tree: IvrTree;
  selected: string | null;
  errorNode: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const seen = new Set<string>();
  const title = (id: string, via?: string) => {
    const n = tree.nodes[id]!;
    return (
      <span
        data-testid={`ivr-node-${id}`}
        style={errorNode === id ? { color: '#cf1322', fontWeight: 600 } : undefined}
      >
        {via !== undefined && <Tag>{via}</Tag>}
        <Tag color={id === tree.start ? 'blue' : undefined}>{t(`ivrs.types.${n.type}`)}</Tag>
        {id}
        {n.name ? ` · ${n.name}` : ''}
      </span>
    );
  };
  const build = (id: string, key: string, via?: string): DataNode => {
    seen.add(id);
    const children: DataNode[] = [];
    for (const s of slotsOf(tree.nodes[id]!)) {
      const label = slotLabel(s.field, t);
      const k = `${key}/${s.field}`;
      if (!s.to || !tree.nodes[s.to]) {
        children.push({
          key: k,
          title: <span style={{ color: '#999' }}>{`${label} → ?`}</span>,
          selectable: false,
          isLeaf: true,
        });
      } else if (seen.has(s.to)) {
        children.push({
          key: k,
          title: <span style={{ color: '#888' }}>{`${label} ↩ ${t('ivrs.loop', { node: s.to })}`}</span>,
          selectable: false,
          isLeaf: true,
        });
      } else children.push(build(s.to, `${k}:${s.to}`, label));
    }
    return { key: `${key}#${id}`, title: title(id, via), children };
  };
  const roots: DataNode[] = tree.nodes[tree.start] ? [build(tree.start, 'start')] : [];
  for (const id of Object.keys(tree.nodes))
    if (!seen.has(id))
      roots.push({
        ...build(id, `orphan-${id}`),
        title: (
          <span>
            {title(id)} <Tag color="warning">{t('ivrs.unreachable')}</Tag>
          </span>
        ),
      });
  const shape = JSON.stringify([
    tree.start,
    Object.entries(tree.nodes).map(([k, n]) => [k, slotsOf(n).map((x) => x.to)]),
  ]);
  const idOfKey = (k: string) => k.slice(k.lastIndexOf('#') + 1);
  const selectedKeys = (function find(nodes: DataNode[]): string[] {
    for (const n of nodes) {
      if (selected && String(n.key).endsWith(`#${selected}`)) return [String(n.key)];
      const r = find(n.children ?? []);
      if (r.length) return r;
    }
    return [];
  })(roots);
  return (
    <Tree
      showLine
      defaultExpandAll
      // remounted (all expanded again) when the shape changes, so a new child is in view
      key={shape}
      treeData={roots}
      selectedKeys={selectedKeys}
      onSelect={(keys) => keys[0] !== undefined && onSelect(idOfKey(String(keys[0])))}
      data-testid="ivr-tree"
    />
  );
}
