// Time in tests. A test waits for what it expects to happen (expect.poll, vi.waitFor, an event,
// an ack) and never sleeps for it: on a busy two-core machine any fixed pause is sometimes too
// short. `sleep` is left for the few cases that need time itself to pass: showing that something
// does NOT happen within a window no event marks, and pacing a load at a person's speed.

/** Lets `ms` milliseconds pass. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
