/**
 * Fault injection, per call (`times`) or by rate: the failures a serverless function meets when
 * talking to Stripe. Matching is by method and path (`/v1/quotes/:id/accept` style or a RegExp).
 *
 * - `5xx`: Stripe answers with an api_error before doing anything (nothing committed).
 * - `timeout`: no answer; the socket is held until the client gives up. With `commit: true` the
 *   change is applied first, which is the case that needs a read-back.
 * - `drop_after_commit`: the change is committed (and its idempotent result saved), then the
 *   connection is destroyed without a response.
 * - `latency`: the response is delayed by `latencyMs` (after the idempotency key is claimed, so
 *   concurrent requests with one key see it in flight).
 */

export type FaultKind = '5xx' | 'timeout' | 'drop_after_commit' | 'latency';

export interface FaultRule {
  kind: FaultKind;
  method?: string;
  path?: string | RegExp;
  /** How many matching calls it affects; default unlimited. */
  times?: number;
  /** Probability per matching call, 0..1; default 1. */
  rate?: number;
  /** For `5xx`: the status (default 500). */
  status?: number;
  /** For `latency`: delay in ms (default 200). */
  latencyMs?: number;
  /** For `timeout`: commit the change before going silent (default false). */
  commit?: boolean;
}

interface ActiveRule extends FaultRule {
  pattern: RegExp | undefined;
  remaining: number;
}

export interface Faults {
  /** Adds a rule; returns a function that removes it. */
  inject(rule: FaultRule): () => void;
  clear(): void;
  readonly rules: readonly FaultRule[];
  /** Random source for rate-based rules; replace it for reproducible runs. */
  random: () => number;
}

export interface FaultDecision {
  latencyMs: number;
  failure: ActiveRule | undefined;
}

export class FaultInjector implements Faults {
  private active: ActiveRule[] = [];
  random: () => number = Math.random;

  get rules(): readonly FaultRule[] {
    return this.active;
  }

  inject(rule: FaultRule): () => void {
    const pattern =
      rule.path === undefined
        ? undefined
        : rule.path instanceof RegExp
          ? rule.path
          : new RegExp(`^${rule.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`);
    const active: ActiveRule = { ...rule, pattern, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.active.push(active);
    return () => {
      this.active = this.active.filter((item) => item !== active);
    };
  }

  clear(): void {
    this.active = [];
  }

  /** Decides what happens to one request; consumes `times` of the rules that fire. */
  decide(method: string, path: string): FaultDecision {
    let latencyMs = 0;
    let failure: ActiveRule | undefined;
    for (const rule of this.active) {
      if (rule.remaining <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.pattern && !rule.pattern.test(path)) continue;
      if (rule.kind !== 'latency' && failure) continue;
      if ((rule.rate ?? 1) < 1 && this.random() >= (rule.rate ?? 1)) continue;
      rule.remaining -= 1;
      if (rule.kind === 'latency') latencyMs += rule.latencyMs ?? 200;
      else failure = rule;
    }
    this.active = this.active.filter((rule) => rule.remaining > 0);
    return { latencyMs, failure };
  }
}
