import type { ConfigSection } from '../asterisk/apply.js';
import type { Actor } from '../audit/index.js';
import type { ContactService } from '../contacts/index.js';
import { AppError, validation } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dialplanSection } from '../kit/dialplan-section.js';
import type { ExportColumn } from '../kit/export.js';
import { mapPage } from '../kit/list.js';
import { mustFind } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { iso, withIsoTimes } from '../kit/view.js';
import { CONNECT_CONTEXT, campaignContext, dialerDialplan, END_CONTEXT, OUT_CONTEXT } from './confgen.js';
import type { DialerEngine } from './engine.js';
import './events.js';
import { retryOf } from './outcome.js';
import type {
  Attempt,
  AttemptsQuery,
  CallResult,
  Campaign,
  CampaignCreate,
  CampaignListQuery,
  CampaignUpdate,
} from './schema.js';
import type { DialerStore } from './store.js';

export const campaignView = withIsoTimes<Campaign>;
export const attemptView = (a: Attempt) => ({
  ...a,
  startedAt: iso(a.startedAt),
  answeredAt: a.answeredAt === null ? null : iso(a.answeredAt),
  endedAt: a.endedAt === null ? null : iso(a.endedAt),
});

/** A preview campaign the desk offers a seat: how many contacts wait, and the one it holds. */
export interface PreviewOffer {
  campaignId: number;
  name: string;
  /** Contacts that may be taken now (retry delays passed). */
  due: number;
  /** The lead this seat took and has not given a result for yet. */
  heldLeadId: number | null;
}

export interface DialerServiceDeps {
  store: DialerStore;
  /** Tells the desks that a preview campaign's offers changed. */
  previewChanged(campaignId: number): void;
  change: Change;
  engine: DialerEngine;
  contacts: Pick<ContactService, 'get' | 'exportOf' | 'isCallable' | 'contacts'>;
  seatExists(ext: string): boolean;
  promptExists(id: number): boolean;
  /** Enabled trunks and their dial Gosub (for the customer leg's dialplan). */
  trunks(): { id: number; dialContext: string }[];
  promptDir: string;
}

export function createDialerService(deps: DialerServiceDeps) {
  const { store, engine } = deps;
  const changes = resourceChanges(deps.change, { entity: 'campaign', event: 'dialer.campaign.changed' });
  const states = resourceChanges(deps.change, {
    entity: 'campaign',
    event: 'dialer.campaign.changed',
    config: false,
  });
  const getCampaign = mustFind(store.campaigns.get, (id) => `campaign ${id}`);

  const checkName = (name: string, self?: number) => {
    const other = store.campaigns.findBy('name', name);
    if (other && other.id !== self)
      throw new AppError('conflict', `a campaign named ${name} already exists`, { field: 'name' });
  };
  const checkRefs = (c: Pick<Campaign, 'agents' | 'settings' | 'mode'>) => {
    c.agents.forEach((ext, i) => {
      if (!deps.seatExists(ext)) throw validation(`agents.${i}`, `seat ${ext} does not exist`);
    });
    for (const f of ['messagePromptId', 'abandonPromptId'] as const) {
      const id = c.settings[f];
      if (id !== null && !deps.promptExists(id))
        throw validation(`settings.${f}`, `prompt ${id} does not exist`);
    }
    if (c.mode === 'predictive' && c.settings.abandonPromptId === null)
      throw validation(
        'settings.abandonPromptId',
        'a predictive campaign needs the message naming the company',
      );
    if (c.settings.onMachine === 'message' && c.settings.messagePromptId === null)
      throw validation('settings.messagePromptId', 'leaving a message needs the message prompt');
  };

  /** The list's contacts become leads (new ones only: a contact keeps its lead and history). */
  async function loadLeads(c: Campaign): Promise<void> {
    const t = Date.now();
    for await (const page of deps.contacts.exportOf(c.listId).pages) {
      store.addLeads(
        c.id,
        page.map((x) => ({ contactId: x.id, number: x.number })),
        t,
      );
    }
  }

  async function setState(id: number, state: Campaign['state'], actor: Actor) {
    const before = getCampaign(id);
    await states.change({
      actor,
      action: state === 'running' ? 'start' : state === 'paused' ? 'pause' : 'stop',
      id,
      before: { state: before.state },
      mutate: () => store.setState(id, state, Date.now()),
      after: () => ({ state }),
    });
    if (state !== 'running') engine.forget(id);
    return campaignView(getCampaign(id));
  }

  return {
    list: (q: CampaignListQuery) => mapPage(store.campaigns.page(q), campaignView),
    get: (id: number) => campaignView(getCampaign(id)),
    async create(input: CampaignCreate, actor: Actor) {
      checkName(input.name);
      try {
        deps.contacts.get(input.listId);
      } catch {
        throw validation('listId', `contact list ${input.listId} does not exist`);
      }
      checkRefs(input);
      const fields = { ...input, state: 'stopped' as const };
      const id = await changes.create(actor, fields, () => store.campaigns.insert(fields, Date.now()));
      return campaignView(getCampaign(id));
    },
    async update(id: number, patch: CampaignUpdate, actor: Actor) {
      const before = getCampaign(id);
      if (patch.name !== undefined) checkName(patch.name, id);
      const { id: _i, createdAt: _c, updatedAt: _u, ...fields } = before;
      const after = { ...fields, ...patch };
      checkRefs(after);
      await changes.update(actor, before, after, () => store.campaigns.update(id, after, Date.now()));
      return campaignView(getCampaign(id));
    },
    async remove(id: number, actor: Actor) {
      const before = getCampaign(id);
      if (before.state === 'running')
        throw new AppError('conflict', `campaign ${id} is running: stop it first`);
      await changes.remove(actor, before, () => store.campaigns.remove(id));
      engine.forget(id);
    },

    async start(id: number, actor: Actor) {
      const c = getCampaign(id);
      if (c.mode !== 'agentless' && c.agents.length === 0)
        throw new AppError('conflict', `campaign ${id} has no agents`, { field: 'agents' });
      await loadLeads(c);
      const view = await setState(id, 'running', actor);
      void engine.tick();
      return view;
    },
    pause: (id: number, actor: Actor) => setState(id, 'paused', actor),
    stop: (id: number, actor: Actor) => setState(id, 'stopped', actor),

    /** Attempts, connects, human / machine, abandons with their rate, opt-outs; contacts by result. */
    results(id: number) {
      const c = getCampaign(id);
      const counts = store.counts(id);
      const live = counts.human;
      return {
        campaignId: id,
        ...counts,
        abandonRate: live ? counts.abandons / live : 0,
        contacts: Object.fromEntries(store.leadResults(id).map((r) => [r.result ?? 'pending', r.n])),
        live: engine.live(c),
      };
    },
    attempts(id: number, q: AttemptsQuery) {
      getCampaign(id);
      return mapPage(store.attempts.page(q, { campaignId: id }), attemptView);
    },
    exportOf(id: number): {
      campaign: Campaign;
      columns: ExportColumn<Attempt>[];
      pages: AsyncIterable<Attempt[]>;
    } {
      const campaign = getCampaign(id);
      const time = (ms: number | null) => (ms === null ? null : iso(ms));
      const columns: ExportColumn<Attempt>[] = [
        { header: 'attempt', value: (a) => a.id },
        { header: 'number', value: (a) => a.number },
        { header: 'startedAt', value: (a) => iso(a.startedAt) },
        { header: 'answeredAt', value: (a) => time(a.answeredAt) },
        { header: 'endedAt', value: (a) => time(a.endedAt) },
        { header: 'dialStatus', value: (a) => a.dialStatus },
        { header: 'amd', value: (a) => a.amd },
        { header: 'amdCause', value: (a) => a.amdCause },
        { header: 'key', value: (a) => a.key },
        { header: 'seat', value: (a) => a.seat },
        { header: 'trunk', value: (a) => a.trunkId },
        { header: 'result', value: (a) => a.result },
      ];
      async function* pages() {
        let after = 0;
        for (;;) {
          const page = store.attemptsAfter(id, after, 1000);
          if (!page.length) return;
          yield page;
          after = page[page.length - 1]!.id;
        }
      }
      return { campaign, columns, pages: pages() };
    },

    /**
     * Preview: the contact the agent's seat holds, else the next due one that
     * may be called now (taken for this seat). The agent dials it from the desk.
     */
    previewNext(id: number, seat: string) {
      const c = getCampaign(id);
      if (c.mode !== 'preview') throw new AppError('conflict', `campaign ${id} is not a preview campaign`);
      if (!c.agents.includes(seat))
        throw new AppError('forbidden', `seat ${seat} is not an agent of campaign ${id}`);
      const held = store.leadOfSeat(id, seat);
      if (held) return { lead: held, contact: this.contactOf(c, held.contactId) };
      if (c.state !== 'running') return { lead: null, contact: null };
      const t = Date.now();
      for (const lead of store.dueLeads(id, t, 50)) {
        const check = deps.contacts.isCallable(lead.number, new Date(t), c.listId);
        if (!check.callable) continue;
        if (store.markDialing(lead.id, seat, t)) {
          deps.previewChanged(id);
          store.addAttempt({
            campaignId: id,
            leadId: lead.id,
            number: check.number,
            trunkId: null,
            seat,
            startedAt: t,
          });
          return { lead: store.lead(lead.id)!, contact: this.contactOf(c, lead.contactId) };
        }
      }
      return { lead: null, contact: null };
    },
    contactOf(c: Campaign, contactId: number) {
      const lead = store.leadByContact(c.id, contactId);
      if (!lead) return null;
      // the list's search finds the number; the id tells it from a look-alike
      const page = deps.contacts.contacts(c.listId, { limit: 20, offset: 0, order: 'asc', q: lead.number });
      return page.items.find((x) => x.id === contactId) ?? null;
    },
    /** Preview: the agent's result for the contact it holds. */
    previewResult(id: number, seat: string, result: CallResult) {
      const c = getCampaign(id);
      const lead = store.leadOfSeat(id, seat);
      if (!lead) throw new AppError('conflict', `seat ${seat} holds no contact of campaign ${id}`);
      const t = Date.now();
      const attempt = store.openAttemptOf(lead.id);
      if (attempt) store.updateAttempt(attempt.id, { endedAt: t, result });
      const retry = retryOf(result, store.resultCount(lead.id, result), c.settings, t);
      store.settle(lead.id, { ...retry, result }, t);
      deps.previewChanged(id);
      return store.lead(lead.id);
    },

    /** The preview campaigns this seat works: running ones, and any whose contact it still holds. */
    previewOffers(seat: string): PreviewOffer[] {
      const t = Date.now();
      return store.campaigns
        .all()
        .filter((c) => c.mode === 'preview' && c.agents.includes(seat))
        .flatMap((c) => {
          const heldLeadId = store.leadOfSeat(c.id, seat)?.id ?? null;
          if (c.state !== 'running' && heldLeadId === null) return [];
          const due = c.state === 'running' ? store.countDue(c.id, t) : 0;
          return [{ campaignId: c.id, name: c.name, due, heldLeadId }];
        });
    },

    configSection: (): ConfigSection =>
      dialplanSection(
        {
          name: 'dialer',
          loaded: { contexts: /^hotline-(dialer-(out|end|connect)|campaign-[0-9]+)$/ },
          what: 'campaigns',
        },
        () => {
          const campaigns = store.campaigns.all();
          return {
            text: dialerDialplan({ campaigns, trunks: deps.trunks(), promptDir: deps.promptDir }),
            expected: [
              OUT_CONTEXT,
              END_CONTEXT,
              CONNECT_CONTEXT,
              ...campaigns.map((c) => campaignContext(c.id)),
            ],
          };
        },
      ),
  };
}

export type DialerService = ReturnType<typeof createDialerService>;
