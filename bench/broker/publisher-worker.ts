/**
 * The load generator, run as its own process so it does not share an event loop with the broker
 * or the subscriber: connects `publishers` MQTT.js clients to `url`, prints `start`, publishes
 * QoS 0 messages as fast as each socket takes them for `seconds`, prints `done` with the counts.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Writable } from 'node:stream'
import type { MqttClient } from 'mqtt'
import { connectMqtt } from './mqtt-connect.ts'
import type { PublisherEvent, PublisherJob } from './publisher-protocol.ts'

/** Publishes per turn of the event loop at most, so socket reads, timers and the other clients get a go. */
const BATCH = 500

function emit(event: PublisherEvent): void {
  process.stdout.write(JSON.stringify(event) + '\n')
}

/** Resolves on 'drain', at the deadline, or (rejecting) when the stream closes first. */
function drainedOrDeadline(stream: Writable, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer)
      stream.off('drain', onDrain)
      stream.off('close', onClose)
      if (error) reject(error)
      else resolve()
    }
    const onDrain = () => done()
    const onClose = () => done(new Error('connection closed while publishing'))
    const timer = setTimeout(() => done(), Math.max(0, deadline - performance.now()))
    stream.on('drain', onDrain)
    stream.on('close', onClose)
  })
}

/** Sends until the deadline, never letting more than the socket's high-water mark queue up. */
async function pump(client: MqttClient, topic: string, payload: Buffer, deadline: number): Promise<number> {
  const stream = client.stream as unknown as Writable
  let sent = 0
  while (performance.now() < deadline) {
    for (let i = 0; i < BATCH && !stream.writableNeedDrain; i++) {
      client.publish(topic, payload, { qos: 0 })
      sent++
    }
    if (stream.writableNeedDrain) await drainedOrDeadline(stream, deadline)
    else await nextTurn()
  }
  return sent
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as PublisherJob
  const clients = await Promise.all(
    Array.from({ length: job.publishers }, (_, i) => connectMqtt(job.url, { clientId: `bench-pub-${process.pid}-${i}` }, job.wsClient)),
  )
  const payload = Buffer.alloc(job.payloadBytes, 'x')
  emit({ type: 'start' })
  const started = performance.now()
  const deadline = started + job.seconds * 1000
  const sent = await Promise.all(clients.map((client, i) => pump(client, `${job.topicPrefix}${i}`, payload, deadline)))
  emit({ type: 'done', sent, elapsedMs: Math.round(performance.now() - started) })
  // A clean DISCONNECT goes out after everything already queued on each socket, so the broker
  // still gets every message counted as sent; the bench stops this process if that takes long.
  await Promise.all(clients.map((client) => client.endAsync()))
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    emit({ type: 'error', message: error instanceof Error ? error.message : String(error) })
    process.exit(1)
  },
)
