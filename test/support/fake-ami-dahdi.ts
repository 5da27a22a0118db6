/**
 * Teaches FakeAmi (./fake-ami.ts) chan_dahdi's side of AMI as Asterisk 22
 * writes it: the DAHDIShowStatus / PRIShowSpans /
 * DAHDIShowChannels lists (ack with `EventList: start`, items carrying the
 * ActionID, a `...Complete` event), DAHDIRestart, Reload, the PRI debug
 * actions, the CLI commands we send, and span alarm events to replay. With
 * `noDahdi` it answers like chan_dahdi on a box without /dev/dahdi.
 */
import { eventList, type FakeAction, type FakeAmi, type FakeClient, frame, type Pair } from './fake-ami.js';

export interface FakeSpan {
  span: number;
  description: string;
  alarms: string;
  crc: number;
  bpv: number;
  irq: number;
  framing: string;
  coding: string;
  options: string;
}

export interface FakeDahdiState {
  noDahdi: boolean;
  spans: FakeSpan[];
  dchannels: { span: number; dchannel: number; up: boolean }[];
  /** Channels with a call: chan number → Asterisk channel name. */
  calls: Map<number, string>;
  /** Every action and CLI command chan_dahdi was asked for, in order. */
  log: string[];
  mfcr2Channels: string;
}

export function installDahdi(fake: FakeAmi, init: Partial<FakeDahdiState> = {}): FakeDahdiState {
  const st: FakeDahdiState = {
    noDahdi: false,
    spans: [],
    dchannels: [],
    calls: new Map(),
    log: [],
    mfcr2Channels: '',
    ...init,
  };
  const ok = (c: FakeClient, a: FakeAction, ...more: [string, string | number][]) =>
    c.write(frame(['Response', 'Success'], ['ActionID', a.id], ...more));
  // each list action is logged, then answered (or refused when there is no DAHDI)
  const listAction = (action: string, message: string, items: () => Pair[][]) =>
    fake.handle(action, (a, c) => {
      st.log.push(action);
      if (st.noDahdi) {
        c.write(frame(['Response', 'Error'], ['ActionID', a.id], ['Message', 'No DAHDI detected']));
        return true;
      }
      // chan_dahdi puts ActionID last in the items, and adds Items to the Complete event
      const rows = items().map((it) => frame(['Event', action], ...it, ['ActionID', a.id]));
      c.write(eventList(a.id, message, rows, `${action}Complete`, ['Items', rows.length]));
      return true;
    });

  listAction('DAHDIShowStatus', 'DAHDI span statuses will follow', () =>
    st.spans.map((s) => [
      ['Span', s.span],
      ['Description', s.description],
      ['Alarms', s.alarms],
      ['IRQ', s.irq],
      ['bpviol', s.bpv],
      ['CRC', s.crc],
      ['Framing', s.framing],
      ['Coding', s.coding],
      ['Options', s.options],
      ['LBO', '0 db (CSU)/0-133 feet (DSX-1)'],
    ]),
  );
  listAction('PRIShowSpans', 'Span status will follow', () =>
    st.dchannels.map((d) => [
      ['Span', d.span],
      ['DChannel', d.dchannel],
      ['Order', 'Primary'],
      ['Active', 'Yes'],
      ['Alarm', 'No'],
      ['Up', d.up ? 'Yes' : 'No'],
    ]),
  );
  listAction('DAHDIShowChannels', 'DAHDI channel status will follow', () =>
    [...st.calls.entries()].map(([chan, name]) => [
      ['DAHDIChannel', chan],
      ['Signalling', 'ISDN PRI'],
      ['SignallingCode', 128],
      ['Context', 'hotline-e1-in-1'],
      ['DND', 'Disabled'],
      ['Alarm', 'No Alarm'],
      ['Description', ''],
      ['Channel', name],
      ['Uniqueid', `1732350000.${chan}`],
      ['AccountCode', ''],
    ]),
  );
  fake.handle('DAHDIRestart', (a, c) => {
    st.log.push('DAHDIRestart');
    ok(c, a, ['Message', 'DAHDIRestart: Success']);
    return true;
  });
  fake.handle('Reload', (a, c) => {
    st.log.push(`Reload ${a.fields['module'] ?? ''}`);
    ok(c, a, ['Message', 'Module Reloaded']);
    return true;
  });
  for (const name of ['PRIDebugSet', 'PRIDebugFileSet', 'PRIDebugFileUnset']) {
    fake.handle(name, (a, c) => {
      st.log.push(
        `${name} ${a.fields['span'] ?? ''}${a.fields['level'] ?? ''}${a.fields['file'] ?? ''}`.trim(),
      );
      ok(c, a, ['Message', 'PRI debug set']);
      return true;
    });
  }
  fake.handle('Command', (a, c) => {
    const cmd = a.fields['command'] ?? '';
    if (!/^(dahdi|mfcr2|pri) /.test(cmd)) return false;
    st.log.push(cmd);
    const lines = cmd === 'mfcr2 show channels' ? st.mfcr2Channels.split('\n') : [''];
    c.write(
      frame(
        ['Response', 'Success'],
        ['ActionID', a.id],
        ['Message', 'Command output follows'],
        ...lines.map((l): [string, string] => ['Output', l]),
      ),
    );
    return true;
  });
  return st;
}

/** A span alarm as chan_dahdi publishes it (system class), for replay. */
export const spanAlarmFrame = (span: number, alarm: string) =>
  frame(['Event', 'SpanAlarm'], ['Privilege', 'system,all'], ['Span', span], ['Alarm', alarm]);
export const spanAlarmClearFrame = (span: number) =>
  frame(['Event', 'SpanAlarmClear'], ['Privilege', 'system,all'], ['Span', span]);
