import { IvrTree } from '../../src/ivr/schema.js';

/**
 * A tree with every node type (a lookup first): the machine's unit test walks
 * it, the compiler's test compiles it without the lookup.
 */
export const demoTree: IvrTree = IvrTree.parse({
  start: 'who',
  nodes: {
    who: { type: 'lookup', next: 'hours' },
    hours: { type: 'schedule', scheduleId: 4, open: 'welcome', closed: 'closed' },
    closed: { type: 'play', promptId: 9, next: 'bye' },
    welcome: { type: 'play', promptId: 1, next: 'main' },
    main: {
      type: 'menu',
      promptId: 2,
      invalidPromptId: 3,
      options: { '1': 'sales', '2': 'service', '3': 'acct', '9': 'main' },
      timeoutSeconds: 4,
      retries: 2,
      onTimeout: 'op',
      onInvalid: 'bye',
    },
    acct: {
      type: 'collect',
      promptId: 5,
      minDigits: 4,
      maxDigits: 6,
      terminator: '#',
      timeoutSeconds: 3,
      retries: 1,
      variable: 'ACCOUNT',
      next: 'tag',
    },
    tag: { type: 'set', variable: 'TIER', value: 'gold', next: 'service' },
    sales: { type: 'transfer', destination: { type: 'seat', extension: '1001' } },
    service: { type: 'transfer', destination: { type: 'seat', extension: '1003' } },
    op: { type: 'transfer', destination: { type: 'seat', extension: '1002' } },
    bye: { type: 'hangup' },
  },
});
