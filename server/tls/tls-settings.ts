import { createSecureContext, type TlsOptions } from 'node:tls'
import { describeReadError, readTextFile, type ReadText } from '../read-text.ts'

export interface TlsFlags {
  readonly tlsCert: string
  readonly tlsKey: string
  readonly tlsCa: string
  readonly tlsRequireClientCert: boolean
}

/** The server side of TLS for the mqtts listener and the HTTPS port. */
export type ServerTls = Pick<TlsOptions, 'cert' | 'key' | 'ca' | 'requestCert' | 'rejectUnauthorized' | 'minVersion'>

/**
 * --tls-cert and --tls-key (PEM files) turn TLS on: an mqtts listener, and HTTPS/WSS on the HTTP
 * port. --tls-require-client-cert with --tls-ca makes both ask for a client certificate signed by
 * that CA and refuse a client without one during the handshake (mTLS). Undefined without TLS.
 * The files are read and checked (does the key fit the certificate?) here, once, by config
 * validation, which hands the result to the server.
 */
export function loadServerTls(flags: TlsFlags, readText: ReadText = readTextFile): { tls: ServerTls | undefined; problems: readonly string[] } {
  const problems: string[] = []
  const { tlsCert, tlsKey, tlsCa, tlsRequireClientCert } = flags
  if (tlsCert === '' && tlsKey === '') {
    if (tlsCa !== '' || tlsRequireClientCert) problems.push('--tls-ca and --tls-require-client-cert need --tls-cert and --tls-key')
    return { tls: undefined, problems }
  }
  if (tlsCert === '') problems.push('--tls-key needs --tls-cert (the server certificate, PEM)')
  if (tlsKey === '') problems.push('--tls-cert needs --tls-key (its private key, PEM)')
  if (tlsRequireClientCert && tlsCa === '') problems.push('--tls-require-client-cert needs --tls-ca (the CA client certificates must be signed by)')
  if (!tlsRequireClientCert && tlsCa !== '') problems.push('--tls-ca is only used to check client certificates: add --tls-require-client-cert')
  const read = (path: string, flag: string): string | undefined => {
    if (path === '') return undefined
    try {
      const text = readText(path)
      if (!text.includes('-----BEGIN ')) problems.push(`${flag}: ${path} is not a PEM file`)
      return text
    } catch (error) {
      problems.push(`${flag}: cannot read ${path} (${describeReadError(error)})`)
      return undefined
    }
  }
  const cert = read(tlsCert, '--tls-cert')
  const key = read(tlsKey, '--tls-key')
  const ca = read(tlsCa, '--tls-ca')
  if (problems.length > 0 || cert === undefined || key === undefined) return { tls: undefined, problems }

  const tls: ServerTls = {
    cert,
    key,
    minVersion: 'TLSv1.2',
    requestCert: tlsRequireClientCert,
    rejectUnauthorized: tlsRequireClientCert,
    ...(ca === undefined ? {} : { ca }),
  }
  try {
    createSecureContext(tls)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    problems.push(
      /key values mismatch/i.test(message)
        ? `--tls-key ${tlsKey} is not the private key of --tls-cert ${tlsCert}`
        : `--tls-cert/--tls-key/--tls-ca: ${message}`,
    )
    return { tls: undefined, problems }
  }
  return { tls, problems }
}
