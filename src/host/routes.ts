import { ADMINS, type ApiRouter, apiRouter, type RequireRole } from '../kit/router.js';
import { HostnameInput, NetworkInput, TimeInput, WizardInput } from './schema.js';
import type { HostService } from './service.js';

export function hostRoutes(service: HostService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      {
        summary:
          "The box's host name, network, time zone and NTP, its interfaces, a network change waiting for confirmation",
        access: ADMINS,
      },
      () => service.get(),
    )
    .route(
      'put',
      '/hostname',
      { summary: "Set the box's host name", access: ADMINS, body: HostnameInput },
      ({ body, actor }) => service.setHostname(body, actor()),
    )
    .route(
      'put',
      '/time',
      {
        summary: 'Set the time zone and the NTP servers (none: the distribution’s own)',
        access: ADMINS,
        body: TimeInput,
      },
      ({ body, actor }) => service.setTime(body, actor()),
    )
    .route(
      'put',
      '/network',
      {
        summary: 'Change the network (DHCP or a static IPv4 address); undone unless confirmed in time',
        description:
          'The change is live at once. Unless `POST /host/network/confirm` arrives over the new address within `confirmSeconds` (default 60), the box goes back to the previous network by itself; a hotlined restart in between does not stop that. 409 while another change waits.',
        access: ADMINS,
        body: NetworkInput,
      },
      ({ body, actor }) => service.setNetwork(body, actor()),
    )
    .route(
      'post',
      '/network/confirm',
      {
        summary: 'Keep the network change that waits: sent over the new address, which proves it reachable',
        description:
          '409 when nothing waits, or when a static change is confirmed over another address than its new one.',
        access: ADMINS,
      },
      ({ req, actor }) =>
        service.confirmNetwork(req.socket.localAddress?.replace(/^::ffff:/, '') ?? '', actor()),
    )
    .route(
      'put',
      '/wizard',
      {
        summary: 'Mark the first-login setup wizard finished (or open it again)',
        access: ADMINS,
        body: WizardInput,
      },
      ({ body, actor }) => service.setWizard(body.completed, actor()),
    );
}
