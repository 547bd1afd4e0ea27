/**
 * What MQTT.js loads for Node or for mini-program platforms (TCP, TLS, SOCKS, `ws`, the WeChat
 * and Alipay connectors), which a browser worker never uses: MQTT.js in a browser connects over
 * ws:// and wss:// with the browser's WebSocket. The worker build aliases those modules here
 * (see scripts/vite/mqtt-worker.ts); reaching one is a bug, so it says so.
 */
function unavailable(): never {
  throw new Error('not available in the browser: MQTT.js connects over ws:// or wss:// here')
}

export default unavailable
export const streamBuilder = unavailable
