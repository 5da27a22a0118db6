import t from 'tap';
import { systemWarnings, THRESHOLDS, type WarningInput } from '../../src/system/warnings.js';

const calm: WarningInput = {
  cpuLoadPercent: 12,
  memoryUsePercent: 40,
  disks: [{ mount: '/', usePercent: 30 }],
  temperatureMaxCelsius: 45,
  amiState: 'connected',
  dbOk: true,
  tls: true,
};

t.test('a calm box has no warnings', async (t) => {
  t.same(systemWarnings(calm), []);
});

t.test('a disk at the threshold is reported with its mount, a disk below it is not', async (t) => {
  const w = systemWarnings({
    ...calm,
    disks: [
      { mount: '/', usePercent: THRESHOLDS.diskUsePercent - 0.1 },
      { mount: '/var/spool/asterisk', usePercent: THRESHOLDS.diskUsePercent },
    ],
  });
  t.same(w, [
    { key: 'disk', subject: '/var/spool/asterisk', value: 90, threshold: THRESHOLDS.diskUsePercent },
  ]);
});

t.test('memory, CPU, temperature, Asterisk and the database each raise their own warning', async (t) => {
  const w = systemWarnings({
    cpuLoadPercent: 95,
    memoryUsePercent: 91,
    disks: [],
    temperatureMaxCelsius: 85,
    amiState: 'connecting',
    dbOk: false,
    tls: true,
  });
  t.same(
    w.map((x) => x.key),
    ['memory', 'cpu', 'temperature', 'asterisk', 'database'],
  );
  t.equal(w.find((x) => x.key === 'asterisk')?.subject, 'connecting', 'the AMI state is named');
});

t.test('figures a machine cannot give (no sensors, no load sample) raise nothing', async (t) => {
  t.same(
    systemWarnings({ ...calm, cpuLoadPercent: null, memoryUsePercent: null, temperatureMaxCelsius: null }),
    [],
  );
});

t.test('a console reached without TLS raises a warning; over TLS it does not', async (t) => {
  t.same(systemWarnings({ ...calm, tls: false }), [{ key: 'tls' }]);
  t.same(systemWarnings({ ...calm, tls: true }), []);
});
