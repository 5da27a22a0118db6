import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { detectHardware } from '../../src/hardware/detect.js';
import type { HardwarePaths, ToolRunner } from '../../src/hardware/tools.js';
import { sysfsFixture, TE420_AND_UNKNOWN } from '../support/dahdi-sysfs.js';
import { startE1App } from '../support/e1-app.js';

const paths = (sysRoot: string, devDahdi: string): HardwarePaths => ({
  sysRoot,
  devDahdi,
  dahdiDir: '/nonexistent',
  modprobeFile: '/nonexistent',
  traceDir: '/nonexistent',
  toolPath: (p) => p,
});

const SCAN = `[1]\nactive=yes\nalarms=OK\nmanufacturer=Digium\ndevicetype=Wildcard TE420 (5th Gen) (VPMOCT128)\nsyncsrc=1\ntype=digital-E1\n[2]\nactive=yes\nalarms=RED/LFA\nsyncsrc=0\ntype=digital-E1\n`;

t.test(
  'a TE420 with four E1 ports keyed by location + port, an unknown OpenVox listed as unknown',
  async (t) => {
    const fx = sysfsFixture(TE420_AND_UNKNOWN);
    const dev = mkdtempSync(path.join(tmpdir(), 'hotline-dev-'));
    mkdirSync(path.join(dev, 'ctl'));
    t.teardown(() => {
      fx.remove();
      rmSync(dev, { recursive: true, force: true });
    });
    const calls: string[] = [];
    const run: ToolRunner = async (tool) => {
      calls.push(tool);
      return { code: 0, stdout: SCAN, stderr: '' };
    };
    const d = await detectHardware(paths(fx.root, dev), run);
    t.equal(d.present, true);
    t.equal(d.dahdiLoaded, true);
    t.equal(d.message, null);
    t.same(calls, ['dahdi_scan']);
    t.equal(d.cards.length, 2, 'the Ethernet controller is not listed');
    const te = d.cards.find((c) => c.known)!;
    t.match(te, {
      location: 'PCI_Express_Bus_02_Slot_01',
      pciSlot: '0000:02:00.0',
      model: 'Digium TE420 (5th gen)',
      driver: 'wct4xxp',
      boundDriver: 'wct4xxp',
      deviceType: 'Wildcard TE420 (5th Gen) (VPMOCT128)',
    });
    t.same(
      te.ports.map((p) => [p.key, p.span, p.lineType, p.alarms]),
      [
        ['PCI_Express_Bus_02_Slot_01#1', 1, 'E1', []],
        ['PCI_Express_Bus_02_Slot_01#2', 2, 'E1', ['RED', 'LOS']],
        ['PCI_Express_Bus_02_Slot_01#3', 3, 'E1', []],
        ['PCI_Express_Bus_02_Slot_01#4', 4, 'E1', []],
      ],
    );
    t.equal(te.ports[0]?.isSyncMaster, true);
    t.equal(te.ports[1]?.syncSource, 0, 'from dahdi_scan');
    const unknown = d.cards.find((c) => !c.known)!;
    t.match(unknown, {
      vendor: 'OpenVox',
      vendorId: '1b74',
      deviceId: 'f00d',
      model: null,
      driver: null,
      ports: [],
    });
  },
);

t.test('a card whose drivers are not loaded: listed, not scanned, said so', async (t) => {
  const fx = sysfsFixture([{ slot: '0000:05:00.0', vendor: 'd161', device: '800a' }]);
  t.teardown(fx.remove);
  let scanned = false;
  const d = await detectHardware(paths(fx.root, '/nonexistent/dev/dahdi'), async () => {
    scanned = true;
    return { code: 0, stdout: '', stderr: '' };
  });
  t.equal(d.message, 'DAHDI drivers are not loaded');
  t.equal(scanned, false);
  t.match(d.cards[0], { model: 'Digium TE131/TE133', location: null, boundDriver: null });
  t.equal(d.cards[0]?.ports.length, 1, 'port count from the ID table');
});

t.test('GET /api/v1/hardware on a fixture tree, with the configured plan beside it', async (t) => {
  const fx = sysfsFixture(TE420_AND_UNKNOWN);
  const app = await startE1App({ sysRoot: fx.root });
  t.teardown(async () => {
    await app.close();
    fx.remove();
  });
  await app.api.req('PUT', '/api/v1/hardware/cards/PCI_Express_Bus_02_Slot_01', {
    driver: 'wct4xxp',
    portCount: 4,
  });
  const hw = await app.api.get('/api/v1/hardware');
  t.equal(hw.present, true);
  t.equal(hw.message, 'DAHDI drivers are not loaded');
  t.equal(hw.cards.length, 2);
  t.equal(hw.configured.cards[0].detected, true);
  t.same(
    hw.configured.spans.map((s: any) => s.key),
    [1, 2, 3, 4].map((n) => `PCI_Express_Bus_02_Slot_01#${n}`),
  );
});
