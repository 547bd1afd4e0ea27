/**
 * Every buffer's budget, in one place. When a budget evicts or cuts, the count of what was lost is
 * kept and shown; nothing is dropped silently.
 */
export const LIMITS = {
  /**
   * Per-topic message history (message-history.ts), sized for 100,000 topics: a busy topic keeps
   * its last 1,000 messages, but all topics together stay within 500,000 messages and 256 MiB of
   * payload (the globally oldest go first). One payload bigger than a per-topic or total byte
   * budget is still kept, alone.
   */
  history: { perTopicCount: 1000, perTopicBytes: 16 * 1024 * 1024, totalCount: 500_000, totalBytes: 256 * 1024 * 1024 },
  /** Characters of payload shown in a one-line preview. */
  previewChars: 200,
  /** How often the worker sends the screen's state to the main thread. */
  flushIntervalMs: 100,
} as const
