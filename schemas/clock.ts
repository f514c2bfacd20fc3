/** Time is injected (docs/architecture.md, "Ports and adapters"): production uses the system clock, tests a fixed or manual one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock the test moves by hand. */
export function manualClock(
  start: Date | string = '2026-11-23T09:00:00Z',
): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
