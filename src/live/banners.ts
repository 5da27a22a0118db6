import { statfs } from 'node:fs/promises';
import type { AsteriskView, Banner, SpanView, TrunkView } from './types.js';

export interface DiskUsage {
  /** What the figure is about (the mount or folder people know: data, recordings). */
  label: string;
  path: string;
  usedPct: number;
}

export interface BannerInput {
  asterisk: AsteriskView;
  trunks: TrunkView[];
  spans: SpanView[];
  disks: DiskUsage[];
  diskWarnPct: number;
  /** Seats and trunks whose outside calls the spend guard suspended (outbound domain). */
  suspensions?: { kind: 'seat' | 'trunk'; subject: string; reason: string; suspendedAt: number }[];
  /** The SMS modem when it is set up and missing, unregistered or without a SIM (src/sms). */
  smsModem?: { problem: string; since: number; devicePath: string } | null;
  /** Sources the brute-force guard banned (src/guard). */
  sourceBans?: { address: string; bannedAt: number; expiresAt: number; failures: number }[];
}

/**
 * Everything that is wrong right now, in a stable order (so an unchanged
 * list serialises identically and sends no delta). Pure.
 */
export function computeBanners(i: BannerInput): Banner[] {
  const out: Banner[] = [];
  for (const which of ['ami', 'ari'] as const) {
    const c = i.asterisk[which];
    if (c.state !== 'connected') {
      out.push({
        code: 'asterisk_disconnected',
        subject: which,
        message: `Asterisk ${which.toUpperCase()} is ${c.state}`,
        since: c.since,
      });
    }
  }
  // While Asterisk is unreachable its trunk figures are stale; the Asterisk banner says enough.
  const asteriskUp = i.asterisk.ami.state === 'connected';
  for (const t of asteriskUp ? [...i.trunks].sort((a, b) => a.id - b.id) : []) {
    const data = { id: t.id, name: t.name };
    if (t.registration === 'unregistered' || t.registration === 'rejected') {
      out.push({
        code: 'trunk_unregistered',
        subject: `trunk ${t.id}`,
        message: `Trunk ${t.name} is not registered (${t.registration})`,
        since: null,
        data,
      });
    }
    if (t.reachability === 'unreachable') {
      out.push({
        code: 'trunk_unreachable',
        subject: `trunk ${t.id}`,
        message: `Trunk ${t.name} is unreachable`,
        since: null,
        data,
      });
    }
  }
  for (const s of [...i.spans].sort((a, b) => a.span - b.span)) {
    if (!s.alarm) continue;
    out.push({
      code: 'span_alarm',
      subject: `span ${s.span}`,
      message: s.description ?? `Span ${s.span} is in ${s.alarm} alarm`,
      since: s.since,
      data: { span: s.span, alarm: s.alarm },
    });
  }
  for (const d of i.disks) {
    if (d.usedPct < i.diskWarnPct) continue;
    out.push({
      code: 'disk_full',
      subject: d.label,
      message: `Disk for ${d.label} is ${d.usedPct}% full`,
      since: null,
      data: { path: d.path, usedPct: d.usedPct, thresholdPct: i.diskWarnPct },
    });
  }
  for (const x of i.suspensions ?? []) {
    out.push({
      code: 'outside_calls_suspended',
      subject: `${x.kind} ${x.subject}`,
      message: `Outside calls of ${x.kind} ${x.subject} suspended: ${x.reason}`,
      since: new Date(x.suspendedAt).toISOString(),
      data: { kind: x.kind, subject: x.subject },
    });
  }
  if (i.smsModem) {
    out.push({
      code: 'sms_modem_down',
      subject: i.smsModem.devicePath,
      message: `SMS modem ${i.smsModem.devicePath}: ${i.smsModem.problem}`,
      since: new Date(i.smsModem.since).toISOString(),
    });
  }
  for (const b of [...(i.sourceBans ?? [])].sort((x, y) => x.address.localeCompare(y.address))) {
    out.push({
      code: 'source_banned',
      subject: b.address,
      message: `${b.address} banned after ${b.failures} failed SIP/AMI authentications`,
      since: new Date(b.bannedAt).toISOString(),
      data: { address: b.address, until: new Date(b.expiresAt).toISOString(), failures: b.failures },
    });
  }
  return out;
}

/**
 * Used space of the filesystems holding each path, as `df` counts it (blocks
 * not available to unprivileged users count as used). Several paths on one
 * filesystem are reported once, under the first label.
 */
export async function diskUsage(paths: { label: string; path: string }[]): Promise<DiskUsage[]> {
  const seen = new Set<string>();
  const out: DiskUsage[] = [];
  for (const p of paths) {
    try {
      const s = await statfs(p.path);
      const key = `${s.blocks}:${s.bfree}:${s.type}`;
      if (seen.has(key) || s.blocks === 0) continue;
      seen.add(key);
      const used = s.blocks - s.bfree;
      const usedPct = Math.round((100 * used) / (used + s.bavail));
      out.push({ label: p.label, path: p.path, usedPct });
    } catch {
      // a folder that does not exist yet (no recordings so far) has nothing to fill
    }
  }
  return out;
}
