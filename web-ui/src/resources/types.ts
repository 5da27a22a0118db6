import type { FormInstance } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import type { ComponentType, ReactNode } from 'react';
import type { FieldList } from '../components/form-fields';

export type Role = 'admin' | 'supervisor' | 'agent';

export type GroupKey =
  | 'callcenter'
  | 'outreach'
  | 'routing'
  | 'people'
  | 'lines'
  | 'crm'
  | 'records'
  | 'system';

export interface ResourceCtx {
  t: TFunction;
  /** Reloads the table (after an import, a row action). */
  reload: () => void;
  /** Whether the user's role may change this resource. */
  writer: boolean;
}

export interface FormCtx<T> extends ResourceCtx {
  form: FormInstance;
  /** The row being edited, null when creating. */
  editing: T | null;
}

/**
 * One console page for one API resource: a table with search, sort and paging,
 * and (unless read-only) a create/edit form and a delete with confirmation.
 * A new resource page is one file exporting one of these plus one line in index.ts.
 */
/**
 * A row as the API sends it, or a form's values: each resource page names
 * its own fields (columns, form items), so no one shape fits them all.
 */
// biome-ignore lint/suspicious/noExplicitAny: the one escape hatch for the generic resource page
export type AnyRow = any;

export interface ResourceDef<T = AnyRow> {
  /** Route under /console, i18n namespace and menu entry. */
  key: string;
  group: GroupKey;
  /** Who sees the page (default admin, supervisor) and who may change rows (default admin), as the API decides. */
  readRoles?: Role[];
  writeRoles?: Role[];
  /** API collection path under /api/v1. */
  api: string;
  rowKey?: (row: T) => string | number;
  /**
   * 'server': the API pages and searches (`q`); 'client': the whole list
   * (at most `maxRows`) is loaded once and the table searches, sorts and pages it.
   */
  paging: 'server' | 'client';
  /** Client-side search: the texts of a row the search box looks in. */
  searchText?: (row: T) => string[];
  /** Server-side search uses `q`; false hides the search box. */
  serverSearch?: boolean;
  /** How many rows a client-paged list asks for; null for lists that take no `limit` (voicemail). */
  maxRows?: number | null;
  columns: (ctx: ResourceCtx) => ColumnsType<T>;
  /** Extra query from a filter bar (CDR dates, dispositions). */
  filters?: (ctx: ResourceCtx & { onChange: (q: Record<string, string | undefined>) => void }) => ReactNode;
  form?: {
    fields: (ctx: FormCtx<T>) => FieldList;
    /** Form values of an existing row (default: the row itself). */
    toValues?: (row: T) => Record<string, unknown>;
    /** Request body for create (editing null) or update. */
    toBody: (values: AnyRow, editing: T | null) => unknown;
    /** Replaces the JSON POST/PATCH (an audio upload sends the file itself). */
    submit?: (values: AnyRow, editing: T | null) => Promise<unknown>;
    initialValues?: Record<string, unknown>;
    width?: number;
  };
  /** No edit (and no create unless `create` is given): prompts are created from a file, edited by name. */
  canEdit?: boolean;
  canDelete?: boolean;
  /** Path of the row for PATCH/DELETE; default `${api}/${id}`. */
  itemPath?: (row: T) => string;
  toolbar?: (ctx: ResourceCtx) => ReactNode;
  rowActions?: (row: T, ctx: ResourceCtx) => ReactNode;
  expandable?: (row: T, ctx: ResourceCtx) => ReactNode;
  /** A page of its own instead of the table (E1 hardware, the IVR editor); the menu entry stays. */
  page?: ComponentType<{ def: ResourceDef<T> }>;
}

/** What the menu and the router know of a resource before its code is loaded. */
export type ResourceMenu = Pick<ResourceDef, 'key' | 'group' | 'readRoles' | 'writeRoles'>;

/** A resource file's export: the page without its menu entry (which resources/index.tsx holds). */
export type ResourceBody<T = AnyRow> = Omit<ResourceDef<T>, keyof ResourceMenu>;

/**
 * One line of resources/index.tsx: the menu entry, and the import of the
 * resource's file, fetched on the first visit to its page (its columns and
 * forms carry the table, the pickers, the uploads: none of them belong in the
 * console's first load).
 */
export interface ResourceEntry extends ResourceMenu {
  load: () => Promise<ResourceBody>;
}

export const canRead = (def: ResourceMenu, role: Role | undefined) =>
  !!role && (def.readRoles ?? ['admin', 'supervisor']).includes(role);
export const canWrite = (def: ResourceMenu, role: Role | undefined) =>
  !!role && (def.writeRoles ?? ['admin']).includes(role);
