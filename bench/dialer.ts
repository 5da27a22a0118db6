/**
 * Progressive against predictive pacing on the same seeded traffic: talk
 * minutes per agent hour and the abandon rate (abandons / live answers).
 * The model is documented in bench/dialer-sim.ts; the pacing is the
 * dialer's own (src/dialer/pacing.ts).
 *
 *   node dist/bench/dialer.js [agents=20] [hours=8] [seed=42]
 *   node dist/bench/dialer.js --smoke   (20 agents, 2 hours; fails when predictive
 *                                         abandons more than 3 % or does not beat progressive)
 *
 * Small teams gain less: with 10 agents predictive is about 1.2–1.3 ×, with
 * 5 about 1.15 × (more people answer at once than there are free agents).
 *
 * Target: predictive ≥ 1.3 × progressive talk minutes per agent hour with
 * abandons ≤ 3 %.
 */
import { DEFAULT_MODEL, simulate } from './dialer-sim.js';

const SMOKE = process.argv.includes('--smoke');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const model = {
  ...DEFAULT_MODEL,
  agents: SMOKE ? 20 : Number(args[0] ?? DEFAULT_MODEL.agents),
  hours: SMOKE ? 2 : Number(args[1] ?? DEFAULT_MODEL.hours),
  seed: Number(args[2] ?? DEFAULT_MODEL.seed),
};

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
console.log(
  `model: ${model.agents} agents, ${model.hours} h, answers ${pct(model.human)} human / ${pct(model.machine)} machine / ${pct(model.busy)} busy, ` +
    `talk ${model.talkSec} s mean + ${model.wrapSec} s wrap, seed ${model.seed}`,
);
const progressive = simulate('progressive', model);
const predictive = simulate('predictive', model);
for (const r of [progressive, predictive]) {
  console.log(
    `${r.mode.padEnd(12)} talk ${r.talkMinutesPerAgentHour.toFixed(1)} min/agent-hour, dials ${r.dials}, live ${r.live}, ` +
      `abandons ${r.abandons} (${pct(r.abandonRate)})${r.mode === 'predictive' ? `, final level ${r.finalLevel.toFixed(2)}` : ''}`,
  );
}
const ratio = predictive.talkMinutesPerAgentHour / progressive.talkMinutesPerAgentHour;
const ok = ratio >= (SMOKE ? 1 : 1.3) && predictive.abandonRate <= 0.03;
console.log(
  `predictive / progressive: ${ratio.toFixed(2)} ×, abandon ${pct(predictive.abandonRate)}: ${ok ? 'target met' : 'TARGET MISSED'}`,
);
process.exitCode = ok ? 0 : 1;
