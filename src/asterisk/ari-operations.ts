import { AppError } from '../errors.js';
import { type AriChannel, parseAriDate } from './ari-events.js';
import { type AriHttp, errorMessage, type Query, statusError } from './ari-http.js';

/**
 * The ARI REST calls we use, over AriHttp (timeouts, settle-once, stop).
 * Channel operations reject AppError('not_found') when the channel is gone:
 * hang-up races are normal (node-ari-client#91), callers treat it as an outcome.
 */

export interface AriInfo {
  version: string;
  /** Epoch ms of Asterisk's start, or null when it does not say. */
  startedAt: number | null;
  reloadedAt: number | null;
}

export interface ContinueTarget {
  context?: string;
  extension?: string;
  priority?: number;
  label?: string;
}

export class AriOperations {
  constructor(
    protected readonly http: AriHttp,
    private readonly app: string,
  ) {}

  private async call(
    op: string,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    what: string,
    query?: Query,
  ): Promise<unknown> {
    const res = await this.http.request({ op, method, path, query });
    if (res.status >= 200 && res.status < 300) return res.body;
    throw statusError(op, res, what);
  }

  async info(): Promise<AriInfo> {
    const body = (await this.call('asterisk.info', 'GET', '/asterisk/info', 'Asterisk info')) as {
      system?: { version?: unknown };
      status?: { startup_time?: unknown; last_reload_time?: unknown };
    } | null;
    return {
      version: typeof body?.system?.version === 'string' ? body.system.version : 'unknown',
      startedAt: parseAriDate(body?.status?.startup_time),
      reloadedAt: parseAriDate(body?.status?.last_reload_time),
    };
  }

  async ping(): Promise<void> {
    await this.call('asterisk.ping', 'GET', '/asterisk/ping', 'Asterisk ping');
  }

  async answer(channelId: string): Promise<void> {
    await this.call('channels.answer', 'POST', `${channelPath(channelId)}/answer`, `channel ${channelId}`);
  }

  async hangup(channelId: string, reason?: string): Promise<void> {
    await this.call('channels.hangup', 'DELETE', channelPath(channelId), `channel ${channelId}`, { reason });
  }

  async continueInDialplan(channelId: string, to: ContinueTarget = {}): Promise<void> {
    await this.call(
      'channels.continue',
      'POST',
      `${channelPath(channelId)}/continue`,
      `channel ${channelId}`,
      {
        context: to.context,
        extension: to.extension,
        priority: to.priority,
        label: to.label,
      },
    );
  }

  async play(channelId: string, media: string | string[], playbackId?: string): Promise<{ id: string }> {
    const path = `${channelPath(channelId)}/play${playbackId ? `/${encodeURIComponent(playbackId)}` : ''}`;
    // ARI's `media` allows several URIs, comma-separated, played in order as one playback
    const list = Array.isArray(media) ? media : [media];
    if (list.length === 0 || list.some((m) => m === '' || m.includes(','))) {
      throw new AppError('validation', 'play needs media URIs without commas', { field: 'media' });
    }
    const body = await this.call('channels.play', 'POST', path, `channel ${channelId}`, {
      media: list.join(','),
    });
    const id = (body as { id?: unknown } | null)?.id;
    if (typeof id === 'string') return { id };
    if (playbackId) return { id: playbackId };
    throw new AppError('asterisk_unavailable', 'ARI play answered without a playback id');
  }

  /**
   * Stops a playback (queued or playing); Asterisk then sends its
   * PlaybackFinished. false when it is already over (404), which is the
   * normal race with a digit pressed as the prompt ends.
   */
  async stopPlayback(playbackId: string): Promise<boolean> {
    const op = 'playbacks.stop';
    const res = await this.http.request({
      op,
      method: 'DELETE',
      path: `/playbacks/${encodeURIComponent(playbackId)}`,
    });
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status === 404) return false;
    throw statusError(op, res, `playback ${playbackId}`);
  }

  async setVariable(channelId: string, name: string, value: string): Promise<void> {
    await this.call(
      'channels.setVariable',
      'POST',
      `${channelPath(channelId)}/variable`,
      `channel ${channelId}`,
      {
        variable: name,
        value,
      },
    );
  }

  async getVariable(channelId: string, name: string): Promise<string | null> {
    const op = 'channels.getVariable';
    const res = await this.http.request({
      op,
      method: 'GET',
      path: `${channelPath(channelId)}/variable`,
      query: { variable: name },
    });
    if (res.status === 200) {
      const value = (res.body as { value?: unknown } | null)?.value;
      return typeof value === 'string' ? value : null;
    }
    // Asterisk answers 404 both for a missing channel ("Channel not found") and
    // for an unset variable ("Provided variable was not found").
    if (res.status === 404 && /variable/i.test(errorMessage(res.body))) return null;
    throw statusError(op, res, `channel ${channelId}`);
  }

  async parkedChannelIds(): Promise<string[]> {
    const op = 'applications.get';
    const res = await this.http.request({
      op,
      method: 'GET',
      path: `/applications/${encodeURIComponent(this.app)}`,
    });
    if (res.status === 404) return [];
    if (res.status !== 200) throw statusError(op, res, `application ${this.app}`);
    const ids = (res.body as { channel_ids?: unknown } | null)?.channel_ids;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  }

  async listChannels(): Promise<AriChannel[]> {
    const body = await this.call('channels.list', 'GET', '/channels', 'channels');
    return Array.isArray(body) ? (body as AriChannel[]) : [];
  }
}

function channelPath(channelId: string): string {
  return `/channels/${encodeURIComponent(channelId)}`;
}
