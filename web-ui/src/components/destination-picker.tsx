import { Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNamedOptions, useSeatOptions } from './use-options';

/** Where a call goes (src/destinations/schema.ts in hotlined). */
export type PlainDestination =
  | { type: 'seat'; extension: string }
  | { type: 'voicemail'; extension: string }
  | { type: 'announcement'; announcementId: number }
  | { type: 'hangup' }
  | { type: 'queue'; queueId: number }
  | { type: 'ivr'; ivrId: number }
  | { type: 'external'; number: string };
export type Destination =
  | PlainDestination
  | { type: 'schedule'; scheduleId: number; open: PlainDestination; closed: PlainDestination };

const PLAIN_TYPES = ['seat', 'voicemail', 'announcement', 'hangup', 'queue', 'ivr', 'external'] as const;
const ALL_TYPES = [...PLAIN_TYPES, 'schedule'] as const;

/** The destinations that point at a row of another list: the list, and the field with the row's id. */
const BY_ID = {
  announcement: { path: '/announcements', field: 'announcementId' },
  queue: { path: '/queues', field: 'queueId' },
  ivr: { path: '/ivrs', field: 'ivrId' },
  schedule: { path: '/schedules', field: 'scheduleId' },
} as const;
type ById = Extract<Destination, { type: keyof typeof BY_ID }>;
const isById = (d: Destination): d is ById => d.type in BY_ID;

interface Props {
  value?: Destination;
  onChange?: (d: Destination) => void;
  /** A schedule branch holds two plain destinations, never another schedule. */
  plainOnly?: boolean;
  id?: string;
}

const blank = (type: Destination['type']): Destination => {
  switch (type) {
    case 'seat':
    case 'voicemail':
      return { type, extension: '' };
    case 'announcement':
      return { type, announcementId: 0 };
    case 'queue':
      return { type, queueId: 0 };
    case 'ivr':
      return { type, ivrId: 0 };
    case 'external':
      return { type, number: '' };
    case 'schedule':
      return { type, scheduleId: 0, open: { type: 'hangup' }, closed: { type: 'hangup' } };
    default:
      return { type: 'hangup' };
  }
};

/** Picks a destination: its type, then the seat/announcement/schedule/... it points at. */
export function DestinationPicker({ value, onChange, plainOnly, id }: Props) {
  const { t } = useTranslation();
  const d = value ?? { type: 'hangup' };
  const seats = useSeatOptions(d.type === 'seat' || d.type === 'voicemail');
  // only the list of the chosen type is loaded; a list the API lacks (404) gives a typed id instead
  const rows = useNamedOptions(isById(d) ? BY_ID[d.type].path : '', isById(d));

  const set = (next: Destination) => onChange?.(next);
  const types = plainOnly ? PLAIN_TYPES : ALL_TYPES;

  const idPicker = (d: ById) => {
    const { field } = BY_ID[d.type];
    // the field is the one BY_ID names for this type; TS cannot follow a computed key through the union
    const current = (d as unknown as Record<string, number>)[field] ?? 0;
    const apply = (rowId: number) => set({ ...d, [field]: rowId } as Destination);
    const testid = `destination-${d.type}`;
    return rows.missing ? (
      <InputNumber
        min={1}
        value={current || undefined}
        onChange={(v) => apply(Number(v) || 0)}
        data-testid={testid}
      />
    ) : (
      <Select
        style={{ minWidth: 220 }}
        loading={rows.loading}
        options={rows.options}
        value={current || undefined}
        placeholder={t('destination.choose')}
        onChange={(v) => apply(Number(v))}
        showSearch={{ optionFilterProp: 'label' }}
        data-testid={testid}
      />
    );
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} id={id}>
      <Space wrap>
        <Select
          style={{ minWidth: 160 }}
          value={d.type}
          options={types.map((ty) => ({ value: ty, label: t(`destination.type.${ty}`) }))}
          onChange={(ty) => set(blank(ty))}
          data-testid="destination-type"
        />
        {(d.type === 'seat' || d.type === 'voicemail') && (
          <Select
            style={{ minWidth: 220 }}
            loading={seats.loading}
            options={seats.options}
            value={d.extension || undefined}
            placeholder={t('destination.chooseSeat')}
            onChange={(v) => set({ ...d, extension: String(v) })}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="destination-seat"
          />
        )}
        {isById(d) && idPicker(d)}
        {d.type === 'external' && (
          <Input
            style={{ width: 220 }}
            value={d.number}
            placeholder={t('destination.number')}
            onChange={(e) => set({ ...d, number: e.target.value.trim() })}
          />
        )}
      </Space>
      {d.type === 'schedule' && (
        <div style={{ paddingLeft: 16, borderLeft: '2px solid #e6f4ff' }}>
          <div>{t('destination.whenOpen')}</div>
          <DestinationPicker
            plainOnly
            value={d.open}
            onChange={(open) => set({ ...d, open: open as PlainDestination })}
          />
          <div style={{ marginTop: 8 }}>{t('destination.whenClosed')}</div>
          <DestinationPicker
            plainOnly
            value={d.closed}
            onChange={(closed) => set({ ...d, closed: closed as PlainDestination })}
          />
        </div>
      )}
    </Space>
  );
}

/** One line describing a destination, for tables. */
export function describeDestination(d: Destination | undefined, t: (k: string) => string): string {
  if (!d) return '—';
  const type = t(`destination.type.${d.type}`);
  switch (d.type) {
    case 'seat':
    case 'voicemail':
      return `${type} ${d.extension}`;
    case 'announcement':
      return `${type} #${d.announcementId}`;
    case 'queue':
      return `${type} #${d.queueId}`;
    case 'ivr':
      return `${type} #${d.ivrId}`;
    case 'external':
      return `${type} ${d.number}`;
    case 'schedule':
      return `${type} #${d.scheduleId}: ${describeDestination(d.open, t)} / ${describeDestination(d.closed, t)}`;
    default:
      return type;
  }
}
