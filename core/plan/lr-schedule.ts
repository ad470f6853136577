/**
 * Learning-rate schedules as pure functions of the step (0-based) and total steps.
 * Fractions (`warmup`, `decay`) are of total steps; values ≥ 1 are taken as step counts.
 * - constant: lr (after optional warm-up)
 * - linear_warmup: linear 0→lr over warm-up, then constant
 * - cosine: warm-up, then lr·(min + (1−min)·½(1+cos(π·progress)))
 * - wsd: warm-up, stable at lr, then linear decay to min_lr_ratio·lr over the last `decay` part
 */
import type { ResolvedSchedule } from '../../core/types/plan';

export type Schedule = (step: number) => number;

function steps(v: unknown, total: number, fallback: number): number {
  const x = typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  if (x < 0) throw new Error(`schedule fraction must be ≥ 0, got ${x}`);
  return x < 1 ? Math.round(x * total) : Math.round(x);
}

export function createSchedule(s: ResolvedSchedule, lr: number, total: number): Schedule {
  const p = s.params;
  const name = s.name.toLowerCase();
  const warm = steps(p['warmup'], total, name === 'linear_warmup' || name === 'wsd' ? 0.05 : 0);
  const minRatio = typeof p['min_lr_ratio'] === 'number' ? p['min_lr_ratio'] : 0;
  const warmup = (step: number): number | null => (step < warm ? (lr * (step + 1)) / warm : null);
  switch (name) {
    case 'constant':
    case 'linear_warmup':
      return (step) => warmup(step) ?? lr;
    case 'cosine':
      return (step) => {
        const w = warmup(step);
        if (w !== null) return w;
        const span = Math.max(1, total - 1 - warm); // the last step reaches the floor
        const prog = Math.min(1, (step - warm) / span);
        return lr * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * prog)));
      };
    case 'wsd': {
      const decay = steps(p['decay'], total, 0.2);
      const start = total - decay;
      return (step) => {
        const w = warmup(step);
        if (w !== null) return w;
        if (step < start || decay === 0) return lr;
        const prog = Math.min(1, (step - start + 1) / decay);
        return lr * (1 - (1 - minRatio) * prog);
      };
    }
    default:
      throw new Error(
        `unknown schedule "${s.name}"; expected constant, cosine, linear_warmup or wsd`,
      );
  }
}
