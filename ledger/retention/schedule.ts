import { runRetention, type RetentionOptions, type RetentionResult } from './job.js';

export interface RetentionJob {
  start(): void;
  /** Waits for a running pass, then stops. */
  stop(): Promise<void>;
  /** One pass now (the CLI, tests). */
  runNow(): Promise<RetentionResult[]>;
}

/** The retention job as a background job: one pass every `intervalMs` (LEDGER_RETENTION_INTERVAL_MS), never two at once. */
export function createRetentionJob(
  o: RetentionOptions & { intervalMs: number; onResult?: (r: RetentionResult[]) => void; onError?: (err: unknown) => void },
): RetentionJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<RetentionResult[]> | null = null;
  const runNow = (): Promise<RetentionResult[]> => {
    running ??= runRetention(o)
      .then((r) => {
        o.onResult?.(r);
        return r;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  return {
    start() {
      if (timer) return;
      timer = setInterval(() => {
        runNow().catch((err: unknown) => o.onError?.(err));
      }, o.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running.catch(() => undefined);
    },
    runNow,
  };
}
