"""
An independent MQTT client for the interop tests: Eclipse paho-mqtt (Python), 1.6 API.

Connects over TCP or WebSocket, subscribes, and prints one JSON object per line on stdout:
  {"event": "connected", "rc": 0}
  {"event": "subscribed", "granted": [1]}
  {"event": "message", "topic": "...", "payload": "...", "payload_hex": "...", "qos": 1, "retain": false}
Exits 0 after --count messages, 3 on --timeout, 4 if the broker refuses or drops the connection.
"""
import argparse
import json
import sys
import time

import paho.mqtt.client as mqtt


def emit(obj):
    print(json.dumps(obj), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--transport", choices=["tcp", "websockets"], default="tcp")
    parser.add_argument("--path", default="/mqtt")
    parser.add_argument("--topic", action="append", required=True)
    parser.add_argument("--qos", type=int, default=0)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()

    state = {"received": 0, "failed": None}
    client = mqtt.Client(client_id="", clean_session=True, transport=args.transport, reconnect_on_failure=False)
    if args.transport == "websockets":
        client.ws_set_options(path=args.path)

    def on_connect(c, userdata, flags, rc):
        emit({"event": "connected", "rc": rc})
        if rc != 0:
            state["failed"] = "connect refused: %d" % rc
            return
        c.subscribe([(topic, args.qos) for topic in args.topic])

    def on_subscribe(c, userdata, mid, granted_qos):
        emit({"event": "subscribed", "granted": list(granted_qos)})

    def on_message(c, userdata, msg):
        state["received"] += 1
        emit({
            "event": "message",
            "topic": msg.topic,
            "payload": msg.payload.decode("utf-8", "replace"),
            "payload_hex": msg.payload.hex(),
            "qos": msg.qos,
            "retain": bool(msg.retain),
        })

    def on_disconnect(c, userdata, rc):
        if state["received"] < args.count:
            state["failed"] = "disconnected: %d" % rc

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    client.on_disconnect = on_disconnect

    deadline = time.monotonic() + args.timeout
    try:
        client.connect(args.host, args.port, keepalive=30)
    except Exception as error:  # noqa: BLE001 - any failure to connect is reported the same way
        emit({"event": "error", "message": str(error)})
        return 4
    while state["received"] < args.count and state["failed"] is None and time.monotonic() < deadline:
        client.loop(timeout=0.05)
    if state["failed"] is not None:
        emit({"event": "error", "message": state["failed"]})
        return 4
    if state["received"] < args.count:
        emit({"event": "timeout", "received": state["received"]})
        return 3
    client.disconnect()
    client.loop(timeout=0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
