// The server's limits for tests that send faster than any person can, about something else than
// the limits: the budgets in their way are lifted, the rest stay the server's defaults.
import { DEFAULT_LIMITS, type BucketLimit, type CommandLimits } from '../../server/rate-limit.ts';

/** A budget no test spends. */
export const UNLIMITED: BucketLimit = { burst: 1e9, perSecond: 1e9 };

type Budget = { [K in keyof CommandLimits]: CommandLimits[K] extends BucketLimit ? K : never }[keyof CommandLimits];

/** What phones may send: commands, new sessions and whole boards, per device and per address. */
export const PHONE_BUDGETS = ['commandsPerDevice', 'commandsPerAddress', 'submitPerDevice', 'submitPerAddress', 'syncsPerDevice'] as const satisfies Budget[];
/** What the facilitator's screens may send, per screen and per event. */
export const FACILITATOR_BUDGETS = ['facilitatorCommandsPerEvent', 'facilitatorCommandsPerScreen'] as const satisfies Budget[];

/** The default limits with these budgets unlimited. */
export function lifted(...budgets: Budget[]): CommandLimits {
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(budgets.map((budget) => [budget, UNLIMITED])) };
}
