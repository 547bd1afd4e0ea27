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
  /**
   * The tree filter's regular expressions (linear-regex.ts). `passMs`: the time one pass over the
   * tree may spend testing (the worker records no message meanwhile). `matchWork`: the largest
   * predicted cost of one test, program instructions × input characters; RE2 in JavaScript needs
   * up to ~100 ns per unit when its DFA cache thrashes, so one test stays near `passMs` at worst.
   * Over either, the filter stops and says on which topic.
   */
  regex: { passMs: 200, matchWork: 2_000_000 },
  /**
   * The message inspector (display-window.ts, payload-decoders.ts). `bytes`: payload bytes a view
   * decodes at once; a bigger payload is shown partly, saying "showing X of Y bytes" (the hex view
   * can still page through every byte, one window at a time). `jsonLines`: lines of the collapsible
   * JSON view. `sniffBytes`: bytes detectView looks at to tell text from binary.
   */
  display: { bytes: 256 * 1024, jsonLines: 20_000, sniffBytes: 64 * 1024 },
  /**
   * Diffs of a message against the previous one (payload-diff.ts), sized to stay well under 50 ms:
   * text and JSON are diffed by line up to `textBytes` and `lines` per side and `editDistance`
   * changed lines; binary payloads are compared byte by byte up to `binaryBytes`. Beyond a bound
   * the diff says which bound, instead of freezing. `contextLines` unchanged lines are kept around
   * each change.
   */
  diff: { textBytes: 256 * 1024, lines: 5000, editDistance: 500, binaryBytes: 16 * 1024 * 1024, contextLines: 3 },
  /**
   * The inspector's page of the history list (newest first; "Older" pages on) and the largest
   * payload "Copy payload" puts on the clipboard (bigger ones: "Download payload").
   */
  inspector: { historyPage: 1000, copyBytes: 16 * 1024 * 1024 },
  /**
   * Links that open what a page shows (share-link.ts): the longest query string read or written, in
   * characters: 8 KB, so that the page's own address stays under the request header limits of
   * servers (Node's is 16 KB in all). A longer link is refused as a whole; a longer state is written
   * without its topic (and then without its subscriptions).
   */
  shareLink: { chars: 8 * 1024 },
  /**
   * Clearing retained messages. The scan (a second, short-lived connection) ends `quietMs` after the
   * last retained message once the SUBACK came, and after `scanMs` at most. Clears are published at
   * QoS 1, `concurrency` in flight, each failed after `timeoutMs` without its PUBACK.
   */
  retained: { quietMs: 500, scanMs: 10_000, concurrency: 50, timeoutMs: 10_000, reportedErrors: 100 },
  /** Sparkplug B edge nodes and devices whose online / offline state the tree shows (model/sparkplug-state.ts); the least recently changed go first. */
  sparkplugStates: 10_000,
  /**
   * The Retained view (features/retained, worker/retained-list.ts): one listing keeps at most
   * `count` retained messages and `bytes` of payload (the rest is left out, and the view says so);
   * the collection ends `quietMs` after the last retained message once the SUBACK came, and after
   * `scanMs` at most. A restore publishes `concurrency` messages at once, each failed after
   * `timeoutMs` without its acknowledgement; `reportedReasons` distinct refusal reasons are named.
   * `restoreFileBytes`: the largest backup file read (a bigger one is refused before reading it).
   */
  retainedView: {
    count: 100_000,
    bytes: 64 * 1024 * 1024,
    quietMs: 750,
    scanMs: 180_000,
    previewChars: 120,
    concurrency: 50,
    timeoutMs: 10_000,
    reportedReasons: 20,
    restoreFileBytes: 256 * 1024 * 1024,
  },
  /**
   * Keeping retained marks true (worker/retained-tracker.ts). On the embedded broker under 3.1.1 a
   * topic that may have become retained is asked about on a second connection: questions gathered
   * for `gatherMs`, `topicsPerRound` per SUBSCRIBE, each topic at most every `recheckMs` (doubled
   * after each "not retained" in a row, up to `maxRecheckMs`); a round
   * ends `probe.quietMs` after the SUBACK (or the last retained message), or fails after
   * `probe.roundMs`. A rescan of the subscribed filters (after a reconnect, on demand) is the
   * clear-retained scan with these bounds.
   */
  retainedMarks: {
    gatherMs: 100,
    topicsPerRound: 100,
    recheckMs: 3_000,
    maxRecheckMs: 30_000,
    probe: { quietMs: 200, roundMs: 5_000 },
    scan: { quietMs: 500, scanMs: 10_000 },
  },
  /**
   * Publishing (publish panel, worker publisher). `payloadBytes`: the project's largest payload (a
   * broker's smaller CONNACK maximum packet size wins); `ackTimeoutMs`: a QoS 1/2 send without its
   * PUBACK/PUBCOMP by then is reported as timed out; `minIntervalMs`: the fastest repeat;
   * `history`: publishes remembered for re-sending; `saved`: saved messages; `storedPayloadBytes`:
   * the largest payload a history entry or saved message keeps in browser storage (bigger ones are
   * kept without their payload, and say so), `storedTotalBytes` all of them together.
   */
  publish: {
    payloadBytes: 16 * 1024 * 1024,
    ackTimeoutMs: 10_000,
    minIntervalMs: 10,
    history: 100,
    saved: 500,
    storedPayloadBytes: 256 * 1024,
    storedTotalBytes: 2 * 1024 * 1024,
  },
  /**
   * Charts (json-path.ts, chart-value.ts, time-series.ts, chart-csv.ts, chart-setup.ts).
   * `seriesPoints`: points a pinned series keeps (its oldest go first, counted as evicted): 16 bytes
   * each, so 1.6 MB a series. `plainBytes`: a plain payload longer than this is not taken for a
   * number (the longest useful number is ~25 characters; the rest allows padding).
   * `jsonBytes`: a payload over this is not parsed for a JSON path, and counted as too large (a
   * JSON.parse per message must stay well under a millisecond). `numericPaths` / `pathDepth`: the
   * most chartable values offered for one payload, and the deepest path offered. `csvRows`: rows
   * of one CSV export (more: the export stops there and says how many rows it left out).
   * `charts` / `series`: charts in the setup, and series over all charts together.
   */
  charts: {
    seriesPoints: 100_000,
    plainBytes: 256,
    jsonBytes: 256 * 1024,
    numericPaths: 1000,
    pathDepth: 64,
    csvRows: 1_000_000,
    charts: 20,
    series: 50,
    /**
     * A live chart is redrawn at most this often: 20 a second. A redraw of 3 × 1,400 points costs a
     * few ms since the lines are path strings (it was 50-70 ms with recharts' <Line>, paced to 4 a
     * second); the worker still sends the next only once the page took the last (chart-data acks).
     */
    redrawMs: 50,
  },
  /**
   * The packet trace (model/packet-ring.ts, the Packets panel). `count` / `bytes`: packets kept and
   * their estimated memory (packet-ring.ts entryBytes; never payloads), the oldest evicted first and counted.
   * `view`: the newest matching packets one snapshot to the page holds. `publishRate`: with no keep
   * filter chosen, PUBLISH packets are not kept while more than this many arrive per second (counted).
   * `pending`: requests waiting for their acknowledgement (for the time since the request).
   */
  packets: { count: 20_000, bytes: 16 * 1024 * 1024, view: 2_000, publishRate: 1_000, pending: 10_000 },
} as const
