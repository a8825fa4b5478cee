/** Timed status sequences of asynchronous resources, so callers can observe each status while they poll. */

/** Statuses of asynchronous resources, as the service spells them. */
export type Status =
  | 'CREATE PENDING'
  | 'CREATE IN_PROGRESS'
  | 'ACTIVE'
  | 'CREATE FAILED'
  | 'CREATE STOPPING'
  | 'CREATE STOPPED'
  | 'UPDATE PENDING'
  | 'UPDATE IN_PROGRESS'
  | 'DELETE PENDING'
  | 'DELETE IN_PROGRESS';

/** A running sequence of steps; `cancel` stops the steps not yet run. */
export interface StepRun {
  cancel(): void;
}

/** Runs steps one `delayMs` apart on timers, and cancels them all on `close`. */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly delayMs: number) {}

  /** Runs each step `delayMs` after the previous one; the first runs `delayMs` from now. */
  run(steps: readonly (() => void)[]): StepRun {
    let timer: NodeJS.Timeout | undefined;
    let cancelled = false;
    const next = (index: number): void => {
      if (cancelled || index >= steps.length) return;
      timer = setTimeout(() => {
        this.timers.delete(timer!);
        if (cancelled) return;
        steps[index]();
        next(index + 1);
      }, this.delayMs);
      this.timers.add(timer);
    };
    next(0);
    return {
      cancel: () => {
        cancelled = true;
        if (timer !== undefined) {
          clearTimeout(timer);
          this.timers.delete(timer);
        }
      },
    };
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Returns the current time in epoch seconds, the unit of every date on the wire. */
export function nowSeconds(): number {
  return Date.now() / 1000;
}
