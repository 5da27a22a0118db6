import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Ami } from '../asterisk/ami.js';
import type { Audit } from '../audit/index.js';
import { AppError, validation } from '../errors.js';
import type { Principal } from '../http/principal.js';
import { spanLayout } from './confgen.js';
import type { HardwarePlan } from './span-schema.js';
import type { HardwarePaths } from './tools.js';

/**
 * Per-channel maintenance and protocol traces for IT and the carrier
 * (CLI commands through AMI `Command`). PRI block/unblock are SERVICE messages
 * (`pri service disable|enable channel`), which are the AT&T/ANSI kind:
 * many E1 carriers ignore them, so blocking a PRI channel mostly keeps our
 * own outbound calls off it. MFC/R2 blocking (`mfcr2 set blocked|idle`)
 * signals BLOCK on the CAS bits, which every R2 carrier understands.
 */
const Channel = z.coerce.number().int().min(1).max(1024);
const Span = z.coerce.number().int().min(1).max(128);
const Op = z.enum(['block', 'unblock', 'reset']);
export const TraceInput = z.strictObject({ enabled: z.boolean() });

/** Our PRI debug file for a span, as a name inside Asterisk's log dir. */
const priTraceName = (span: number) => `hotline-pri-span${span}.txt`;

export function createOperations(deps: {
  ami: Ami;
  audit: Audit;
  paths: HardwarePaths;
  plan: () => HardwarePlan;
}) {
  const { ami, audit, paths } = deps;
  const tracing = new Set<number>();

  const requireAmi = () => {
    if (ami.state !== 'connected') throw new AppError('asterisk_unavailable', 'Asterisk is not connected');
  };
  const configuredSpan = (span: number) => {
    const l = spanLayout(deps.plan()).find((x) => x.span === span && x.settings);
    if (!l?.settings) throw validation('span', `span ${span} carries no trunk`);
    return { ...l, settings: l.settings };
  };
  const spanOfChannel = (chan: number) => {
    const l = spanLayout(deps.plan()).find(
      (x) => x.settings && chan >= x.basechan && chan < x.basechan + x.channels,
    );
    if (!l?.settings) throw validation('channel', `channel ${chan} is on no span that carries a trunk`);
    const pos = chan - l.basechan + 1;
    if (pos === (l.channels === 24 ? 24 : 16))
      throw validation(
        'channel',
        `channel ${chan} is the span's ${l.settings.signalling.kind === 'pri' ? 'D' : 'CAS'} channel`,
      );
    return { ...l, settings: l.settings };
  };

  return {
    async channelOp(rawChannel: unknown, rawOp: unknown, actor: { principal: Principal; ip?: string }) {
      const chan = Channel.safeParse(rawChannel);
      if (!chan.success) throw validation('channel', 'channel must be a DAHDI channel number');
      const op = Op.safeParse(rawOp);
      if (!op.success) throw validation('op', 'op must be block, unblock or reset');
      const l = spanOfChannel(chan.data);
      requireAmi();
      const c = chan.data;
      const pri = l.settings.signalling.kind === 'pri';
      const block = pri ? `pri service disable channel ${c}` : `mfcr2 set blocked ${c}`;
      const unblock = pri ? `pri service enable channel ${c}` : `mfcr2 set idle ${c}`;
      const commands = op.data === 'block' ? [block] : op.data === 'unblock' ? [unblock] : [block, unblock];
      const output: string[] = [];
      for (const cmd of commands) output.push(await ami.command(cmd));
      audit.record({ ...actor, action: op.data, entity: 'dahdi_channel', entityId: c, after: { commands } });
      return { channel: c, span: l.span, op: op.data, commands, output: output.join('\n') };
    },

    async setTrace(rawSpan: unknown, body: unknown, actor: { principal: Principal; ip?: string }) {
      const span = Span.safeParse(rawSpan);
      if (!span.success) throw validation('span', 'span must be a span number');
      const { enabled } = TraceInput.parse(body);
      const l = configuredSpan(span.data);
      requireAmi();
      const s = span.data;
      if (l.settings.signalling.kind === 'pri') {
        if (enabled) {
          await ami.action('PRIDebugFileSet', {
            File: paths.toolPath(path.join(paths.traceDir, priTraceName(s))),
          });
          await ami.action('PRIDebugSet', { Span: s, Level: 'on' });
        } else {
          await ami.action('PRIDebugSet', { Span: s, Level: 'off' });
          await ami.action('PRIDebugFileUnset');
        }
      } else {
        // per-call files under <logdir>/mfcr2/span<N>/, one channel at a time
        for (let c = l.basechan; c < l.basechan + l.channels; c++) {
          if (c - l.basechan + 1 === 16) continue;
          await ami.command(`mfcr2 call files ${enabled ? 'on' : 'off'} ${c}`);
        }
      }
      if (enabled) tracing.add(s);
      else tracing.delete(s);
      audit.record({
        ...actor,
        action: enabled ? 'trace_on' : 'trace_off',
        entity: 'dahdi_span',
        entityId: s,
      });
      return { span: s, enabled, download: `/api/v1/hardware/spans/${s}/trace` };
    },

    /** The trace to hand to the carrier: the PRI debug file, or the span's R2 call files joined. */
    traceFile(rawSpan: unknown): { name: string; text: string } {
      const span = Span.safeParse(rawSpan);
      if (!span.success) throw validation('span', 'span must be a span number');
      const s = span.data;
      const l = configuredSpan(s);
      if (l.settings.signalling.kind === 'pri') {
        try {
          return {
            name: priTraceName(s),
            text: readFileSync(path.join(paths.traceDir, priTraceName(s)), 'utf8'),
          };
        } catch {
          throw new AppError('not_found', `no PRI trace for span ${s} yet: switch the trace on first`);
        }
      }
      const dir = path.join(paths.traceDir, 'mfcr2', `span${s}`);
      let files: string[];
      try {
        files = readdirSync(dir)
          .filter((f) => !f.startsWith('.'))
          .sort((a, b) => statSync(path.join(dir, a)).mtimeMs - statSync(path.join(dir, b)).mtimeMs);
      } catch {
        throw new AppError('not_found', `no MFC/R2 call files for span ${s} yet: switch the trace on first`);
      }
      const text = files.map((f) => `===== ${f}\n${readFileSync(path.join(dir, f), 'utf8')}`).join('\n');
      return { name: `hotline-mfcr2-span${s}.txt`, text };
    },

    isTracing: (span: number) => tracing.has(span),
  };
}

export type Operations = ReturnType<typeof createOperations>;
