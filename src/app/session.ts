import { useAppStore } from '../store/app-store.ts'
import { startWorker, type WorkerClient } from '../worker/worker-client.ts'
import type { ConnectOptions } from '../worker/protocol.ts'

let client: WorkerClient | undefined

/** Starts the MQTT worker once and feeds its events to the store. */
export function startSession(): WorkerClient {
  client ??= startWorker((event) => useAppStore.getState().applyEvent(event))
  return client
}

/** The embedded broker's WebSocket endpoint, on the same host and port as the page. */
export function embeddedBrokerUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/mqtt`
}

export function defaultConnectOptions(location: Location): ConnectOptions {
  return {
    url: embeddedBrokerUrl(location),
    clientId: `mqtt-scope-${Math.random().toString(16).slice(2, 10)}`,
    protocolVersion: 4,
    keepalive: 30,
    clean: true,
  }
}
