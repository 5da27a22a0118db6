import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const SCRIPT = fileURLToPath(new URL('../../../scripts/hil-e1.sh', import.meta.url));

t.test('hil-e1.sh on a machine without a card: says so and exits 2, never a shell error', async (t) => {
  if (existsSync('/dev/dahdi/ctl')) {
    t.pass('this machine has DAHDI loaded: run scripts/hil-e1.sh by hand');
    return;
  }
  const r = await new Promise<{ code: number; out: string }>((resolve) =>
    execFile('bash', [SCRIPT], (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
  t.equal(r.code, 2);
  t.match(r.out, /no DAHDI hardware/);
  t.notMatch(r.out, /unbound variable|syntax error|command not found/);
  const help = await new Promise<string>((resolve) =>
    execFile('bash', [SCRIPT, '--help'], (_e, o) => resolve(o)),
  );
  t.match(help, /--loopback SPAN/);
});
