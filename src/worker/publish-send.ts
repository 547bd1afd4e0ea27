/**
 * What MqttSession sends a PUBLISH with: the tracking of its acknowledgements and the checks
 * against the broker's limits. A chunk of its own, loaded with the worker's first publish
 * (mqtt-session.ts): receiving messages needs none of it.
 */
export { PublishTracker } from './publish-acks.ts'
export { publishProblem, toPacketProperties } from './publish-packet.ts'
