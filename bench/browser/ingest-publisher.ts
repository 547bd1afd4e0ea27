/**
 * The ingest benchmark's publisher (paced: harness/paced-publisher.ts): round-robin over `--topics`
 * topics laid out as a fleet (benchTopic), each payload the message's sequence number as text.
 *
 *   tsx bench/browser/ingest-publisher.ts --url mqtt://127.0.0.1:1883 --topics 10000
 */
import { argument, runPacedPublisher } from './harness/paced-publisher.ts'
import { benchTopic } from './harness/publisher-protocol.ts'

const count = Number(argument('--topics', '10000'))
await runPacedPublisher({
  url: argument('--url'),
  topics: Array.from({ length: count }, (_, i) => benchTopic(i, count)),
  payload: (_topic, sequence) => String(sequence),
})
