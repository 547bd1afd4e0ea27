import type { Broker } from '../broker/create-broker.ts'
import { withTimeout } from './timeout.ts'

/**
 * Resolves once some client has subscribed to `topic` on this in-process broker. Call it before
 * starting the subscriber; it lets a test publish only after an external client (a child process
 * that cannot tell us) is really listening.
 */
export function whenSubscribed(broker: Broker, topic: string, ms = 10_000): Promise<string> {
  let listener: ((subscriptions: Array<{ topic: string }>, client: { id: string }) => void) | undefined
  const subscribed = new Promise<string>((resolve) => {
    listener = (subscriptions, client) => {
      if (subscriptions.some((s) => s.topic === topic)) resolve(client.id)
    }
    broker.on('subscribe', listener)
  })
  return withTimeout(subscribed, ms, `a subscription to ${topic}`).finally(() => broker.off('subscribe', listener!))
}
