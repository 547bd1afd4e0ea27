/** TLS: the mqtts listener, HTTPS/WSS on the HTTP port, and client certificates (mTLS). */
import type { OptionSpec } from './option-spec.ts'

export const TLS_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--mqtts-port',
    key: 'mqttsPort',
    env: 'MQTT_SCOPE_MQTTS_PORT',
    kind: 'port',
    defaultValue: 8883,
    help: 'Port for the embedded broker over MQTT/TLS; open only with --tls-cert and --tls-key (0 picks a free port).',
  },
  {
    flag: '--tls-cert',
    key: 'tlsCert',
    env: 'MQTT_SCOPE_TLS_CERT',
    kind: 'path',
    valueName: 'file',
    defaultValue: '',
    defaultText: 'none',
    help: 'Server certificate (PEM, chain after it). With --tls-key: the mqtts listener, and HTTPS and WSS on --http-port instead of HTTP and WS.',
  },
  {
    flag: '--tls-key',
    key: 'tlsKey',
    env: 'MQTT_SCOPE_TLS_KEY',
    kind: 'path',
    valueName: 'file',
    defaultValue: '',
    defaultText: 'none',
    help: 'Private key of --tls-cert (PEM, not encrypted).',
  },
  {
    flag: '--tls-ca',
    key: 'tlsCa',
    env: 'MQTT_SCOPE_TLS_CA',
    kind: 'path',
    valueName: 'file',
    defaultValue: '',
    defaultText: 'none',
    help: 'CA certificate(s) (PEM) client certificates must be signed by; with --tls-require-client-cert.',
  },
  {
    flag: '--tls-require-client-cert',
    key: 'tlsRequireClientCert',
    env: 'MQTT_SCOPE_TLS_REQUIRE_CLIENT_CERT',
    kind: 'flag',
    defaultValue: false,
    help: 'mTLS: the mqtts listener and the HTTPS port refuse, during the handshake, a client without a certificate signed by --tls-ca.',
  },
]
