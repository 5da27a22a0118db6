import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Ami } from '../asterisk/ami.js';
import { AppError } from '../errors.js';
import { writeAtomic } from '../fs/write-atomic.js';
import type { Logger } from '../log.js';
import type { Classification } from './classify.js';
import { assignedSpansConf, modprobeConf, spanLayout, spanTypesConf, systemConf } from './confgen.js';
import { NO_DAHDI, parseShowChannels } from './parse-ami.js';
import type { HardwarePlan } from './span-schema.js';
import type { HardwarePaths, ToolRunner } from './tools.js';

/**
 * The DAHDI half of an apply: dry-run dahdi_cfg on
 * the candidate, write atomically keeping `.prev`, run dahdi_cfg (only the
 * changed spans where possible) and roll back on failure, then the least
 * disruptive chan_dahdi step. chan_dahdi.conf itself goes through the
 * ConfigApplier; this module never touches /etc/asterisk.
 */
export interface DahdiFile {
  hostPath: string;
  text: string;
}

export function dahdiFiles(plan: HardwarePlan, paths: HardwarePaths): DahdiFile[] {
  return [
    { hostPath: path.join(paths.dahdiDir, 'system.conf'), text: systemConf(plan) },
    { hostPath: path.join(paths.dahdiDir, 'assigned-spans.conf'), text: assignedSpansConf(plan) },
    { hostPath: path.join(paths.dahdiDir, 'span-types.conf'), text: spanTypesConf(plan) },
    { hostPath: paths.modprobeFile, text: modprobeConf(plan) },
  ];
}

const readText = (p: string): string | null => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return null;
  }
};

/** A file we may not write (hotlined without rights on /etc/dahdi) is an apply failure, not a 500. */
function writeFile(target: string, text: string | null) {
  try {
    writeAtomic(target, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError('apply_failed', `cannot write ${target}: ${code}`, {
      details: { file: target, code },
    });
  }
}

export interface DahdiStep {
  /** What happened, for the API answer and the audit row. */
  notes: string[];
  /** Puts the previous files back (and re-runs dahdi_cfg on them). */
  restore(): Promise<void>;
}

export function createDahdiApply(deps: { paths: HardwarePaths; run: ToolRunner; ami: Ami; log: Logger }) {
  const { paths, run, ami, log } = deps;
  const loaded = () => existsSync(path.join(paths.devDahdi, 'ctl'));
  const systemConfPath = path.join(paths.dahdiDir, 'system.conf');

  /** `dahdi_cfg` runs: per changed span (`-S n -C a-b`), or all spans. */
  const cfgRuns = (plan: HardwarePlan, spans: number[] | 'all'): string[][] => {
    const file = paths.toolPath(systemConfPath);
    if (spans === 'all') return [['-c', file]];
    return spanLayout(plan)
      .filter((l) => spans.includes(l.span))
      .map((l) => ['-c', file, '-S', String(l.span), '-C', `${l.basechan}-${l.basechan + l.channels - 1}`]);
  };

  const runCfg = async (argsList: string[][]) => {
    for (const args of argsList) {
      const r = await run('dahdi_cfg', args);
      if (r.code !== 0) return { ok: false as const, args, stderr: r.stderr.trim() };
    }
    return { ok: true as const };
  };

  return {
    loaded,

    /** Calls a change would drop: every DAHDI call, or those on the given spans. 0 when unknown. */
    async liveCalls(plan: HardwarePlan, scope: 'all' | number[]): Promise<number> {
      if (ami.state !== 'connected') return 0;
      let items: Awaited<ReturnType<Ami['list']>>;
      try {
        items = await ami.list('DAHDIShowChannels');
      } catch (err) {
        if (!NO_DAHDI.test((err as Error).message)) log.warn({ err }, 'DAHDIShowChannels failed');
        return 0;
      }
      const busy = parseShowChannels(items).filter((c) => c.inCall);
      if (scope === 'all') return busy.length;
      const ranges = spanLayout(plan).filter((l) => scope.includes(l.span));
      return busy.filter((c) =>
        ranges.some((l) => c.channel >= l.basechan && c.channel < l.basechan + l.channels),
      ).length;
    },

    /** Validate, write and configure the DAHDI files for `after`; throws apply_failed with dahdi_cfg's words. */
    async writeAndConfigure(after: HardwarePlan, cls: Classification): Promise<DahdiStep> {
      const files = dahdiFiles(after, paths);
      const previous = files.map((f) => ({ ...f, text: readText(f.hostPath) }));
      const changed = files.filter((f, i) => previous[i]?.text !== f.text);
      const notes: string[] = [];
      if (changed.length === 0) return { notes, restore: async () => {} };
      const isLoaded = loaded();
      const sys = files[0]!;
      if (isLoaded && readText(sys.hostPath) !== sys.text) {
        // dry run on a candidate next to the real file: parse errors stop us before anything changes
        const candidate = `${sys.hostPath}.candidate`;
        writeFile(candidate, sys.text);
        const r = await run('dahdi_cfg', ['-t', '-v', '-c', paths.toolPath(candidate)]);
        rmSync(candidate, { force: true });
        if (r.code !== 0)
          throw new AppError('apply_failed', `dahdi_cfg -t refused the new system.conf: ${r.stderr.trim()}`, {
            details: { stderr: r.stderr },
          });
        notes.push('dahdi_cfg -t accepted the new system.conf');
      }
      for (const f of changed) {
        const prev = readText(f.hostPath);
        if (prev !== null) writeFile(`${f.hostPath}.prev`, prev);
        writeFile(f.hostPath, f.text);
      }
      notes.push(`wrote ${changed.map((f) => path.basename(f.hostPath)).join(', ')}`);
      const scope: number[] | 'all' | null =
        cls.kind === 'driver-reload'
          ? null
          : cls.kind === 'restart'
            ? 'all'
            : cls.spans.length
              ? cls.spans
              : null;
      const restoreFiles = () => {
        for (const p of previous) writeFile(p.hostPath, p.text);
      };
      if (!isLoaded) notes.push('DAHDI is not loaded here: files are in place for the next boot');
      else if (cls.kind === 'driver-reload')
        notes.push(
          'driver reload needed: in a maintenance window stop Asterisk, reload the DAHDI modules, start Asterisk',
        );
      else if (scope !== null) {
        const result = await runCfg(cfgRuns(after, scope));
        if (!result.ok) {
          // dahdi_cfg stops at the first failing channel and leaves spans down: put the old config back
          restoreFiles();
          const back = await runCfg(cfgRuns(after, scope));
          log.error(
            { stderr: result.stderr, rollback: back.ok },
            'dahdi_cfg failed, previous system.conf restored',
          );
          throw new AppError('apply_failed', `dahdi_cfg failed: ${result.stderr}`, {
            details: { args: result.args, stderr: result.stderr, rolledBack: back.ok },
          });
        }
        notes.push(
          scope === 'all' ? 'dahdi_cfg applied every span' : `dahdi_cfg applied span ${scope.join(', ')}`,
        );
      }
      return {
        notes,
        restore: async () => {
          restoreFiles();
          if (isLoaded && scope !== null) await runCfg(cfgRuns(after, scope));
        },
      };
    },

    /** After chan_dahdi.conf was written and reloaded: restart or create channels when the change needs it. */
    async asteriskStep(after: HardwarePlan, cls: Classification): Promise<string[]> {
      if (cls.kind !== 'restart' && cls.kind !== 'create-channels') return [];
      if (ami.state !== 'connected') return ['Asterisk not connected: run `dahdi restart` once it is back'];
      if (!loaded()) return ['DAHDI is not loaded here: chan_dahdi picks the spans up when the drivers load'];
      if (cls.kind === 'create-channels') {
        const notes: string[] = [];
        for (const l of spanLayout(after).filter((x) => cls.newSpans.includes(x.span))) {
          const range = `${l.basechan} ${l.basechan + l.channels - 1}`;
          await ami.command(`dahdi create channels ${range}`, { timeoutMs: 20_000 });
          notes.push(`dahdi create channels ${range}`);
        }
        return notes;
      }
      // A failed re-read inside dahdi restart can leave chan_dahdi's restart lock held: time-box it.
      try {
        await ami.action('DAHDIRestart', {}, { timeoutMs: 20_000 });
        return ['dahdi restart'];
      } catch (err) {
        log.error({ err }, 'DAHDIRestart failed: Asterisk must be restarted');
        throw new AppError(
          'apply_failed',
          'dahdi restart failed: restart Asterisk to bring the E1 spans back',
          {
            details: { message: (err as Error).message },
          },
        );
      }
    },
  };
}

export type DahdiApply = ReturnType<typeof createDahdiApply>;
