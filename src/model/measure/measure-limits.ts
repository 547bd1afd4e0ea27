/**
 * The bounds of the Measure tools (probe and watch), in one place. Every one is named in the
 * message the user sees when a setting is out of range or a buffer stops growing.
 */
export const MEASURE_LIMITS = {
  /** A probe run: at most this many messages, this rate and this long (sending included, draining not). */
  maxCount: 1_000_000,
  maxRate: 100_000,
  maxDurationMs: 10 * 60_000,
  /** The largest probe payload (the broker's own limit may be lower: it then refuses or disconnects). */
  maxPayloadBytes: 1024 * 1024,
  /**
   * After the last send (and the last arrival), a message still missing after this long is lost
   * ("lost = sent − received once a grace period after the last send has passed").
   */
  graceMs: 2_000,
  /** The probe's first message (the check) must come back within this long, or the run does not start. */
  checkMs: 5_000,
  /** A QoS 1/2 send without its PUBACK/PUBCOMP after this long is counted as unacknowledged. */
  ackTimeoutMs: 10_000,
  /**
   * Messages handed to the connection and not yet written (QoS 0: MQTT.js calls back once the
   * socket took the bytes) or acknowledged (QoS 1/2), and their payload bytes: the probe waits
   * beyond either, so "as fast as possible" means as fast as the connection takes them and a paced
   * run never queues more than this in memory. 500 stays under the 1,000 'drain' listeners MQTT.js
   * allows its stream (one per write that found the buffer full) and under aedes's QoS 2 inflight cap.
   */
  inFlight: 500,
  inFlightBytes: 16 * 1024 * 1024,
  /** How often a paced probe wakes up to send what is due (a timer per message would cost more than the send). */
  tickMs: 5,
  /** Latency percentiles shown while a run goes on are recomputed at most this often (a sort of every sample). */
  liveSummaryMs: 1_000,
  /** Bars of the latency histogram. */
  histogramBins: 24,
  /** Points of the latency-over-time line (time bins are merged in pairs beyond this). */
  timelinePoints: 240,
  /** Watch: topics tracked one by one (more are counted in the total only, and the count of those is shown). */
  watchTopics: 10_000,
  /** Watch: topics that did not match, remembered so that each costs one Map lookup (beyond: matched again each time). */
  watchIgnoredTopics: 200_000,
  /** Watch latency percentiles: over the last this many messages, in total and per topic. */
  watchLatencySamples: 100_000,
  topicLatencySamples: 1_000,
  /** Watch: missing sequence numbers kept per topic so a late arrival can be told from a duplicate. */
  missingPerTopic: 10_000,
  /** Watch: a forward jump of more than this is a counter reset, not that many lost messages. */
  maxGap: 1_000_000,
  /** Watch: payloads larger than this are not parsed for the sequence number and timestamp. */
  jsonBytes: 256 * 1024,
  /** Runs kept in the page's table. */
  runs: 50,
} as const
