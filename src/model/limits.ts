/**
 * Every buffer's budget, in one place. When a budget evicts or cuts, the count of what was lost is
 * kept and shown; nothing is dropped silently.
 */
export const LIMITS = {
  /** The "latest messages" list of the shell: how many entries and how many payload bytes. */
  recentMessages: { maxCount: 200, maxBytes: 4 * 1024 * 1024 },
  /** Characters of payload shown in a one-line preview. */
  previewChars: 200,
  /** How often the worker sends the screen's state to the main thread. */
  flushIntervalMs: 100,
} as const
