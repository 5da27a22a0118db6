import type { Router } from 'express';
import type { ConfigSection } from './asterisk/apply.js';
import type { LiveEvents } from './bus.js';
import type { ApiRouter, RouteDoc } from './kit/router.js';

/** A router mounted under /api/v1; `public` ones answer without a login. */
export interface Mount {
  path: string;
  router: Router;
  /** The routes as the API reference shows them (from the kit's router factory). */
  docs?: readonly RouteDoc[];
  public?: boolean;
  /** Largest JSON body its routes accept (default 256kb): auth routes take less. */
  bodyLimit?: string;
}

/**
 * What every domain hands the builder: its service for the domains built
 * after it, its routes, its part of Asterisk's generated config, the bus
 * events it publishes, and how it starts (after Asterisk's config is in
 * line with the database) and stops (in reverse order).
 */
export interface HotlineModule<S = unknown> {
  readonly name: string;
  readonly service: S;
  readonly routes?: readonly Mount[];
  readonly configSections?: readonly ConfigSection[];
  readonly publishes?: readonly (keyof LiveEvents)[];
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
}

/** A kit router mounted at `path`, with its route docs. */
export function mount(
  path: string,
  api: ApiRouter<string>,
  opts: Pick<Mount, 'public' | 'bodyLimit'> = {},
): Mount {
  return { path, router: api.router, docs: api.docs, ...opts };
}

/**
 * The usual domain whose records feed Asterisk: a service whose config
 * section the builder registers, its router, and what else it has (the
 * events it publishes, start, stop).
 */
export function configDomain<S extends { configSection(): ConfigSection }>(
  name: string,
  service: S,
  routes: Mount,
  more: Pick<HotlineModule<S>, 'publishes' | 'start' | 'stop'> = {},
): HotlineModule<S> {
  return { name, service, routes: [routes], configSections: [service.configSection()], ...more };
}
