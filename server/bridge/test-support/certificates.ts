import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface TestCertificates {
  readonly dir: string
  /** PEM texts, as a page would send them. */
  readonly caCert: string
  readonly clientCert: string
  readonly clientKey: string
  /** A client certificate from another CA: a broker that checks client certificates refuses it. */
  readonly strangerCert: string
  readonly strangerKey: string
  /** Files, for mosquitto. */
  readonly caFile: string
  readonly serverCertFile: string
  readonly serverKeyFile: string
  /** A self-signed server certificate (no CA at all). */
  readonly selfSignedCertFile: string
  readonly selfSignedKeyFile: string
  remove(): Promise<void>
}

/**
 * A throwaway PKI made with openssl in a temp dir: a CA, a server certificate for 127.0.0.1 /
 * localhost / broker.test signed by it, a client certificate signed by it, a client certificate
 * signed by another CA, and a self-signed server certificate. EC P-256 keys: fast to make.
 */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-certs-'))
  const file = (name: string) => path.join(dir, name)
  const openssl = (...args: string[]) => {
    const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', timeout: 20_000 })
    if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stderr}`)
  }
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  const makeCa = (name: string) =>
    openssl(
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.crt`),
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    )
  const makeSigned = async (name: string, ca: string, extensions: string) => {
    openssl('req', ...ecKey, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${name}`)
    const ext = file(`${name}.ext`)
    await writeFile(ext, extensions)
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file(`${ca}.crt`),
      '-CAkey',
      file(`${ca}.key`),
      '-CAcreateserial',
      '-out',
      file(`${name}.crt`),
      '-days',
      '2',
      '-extfile',
      ext,
    )
  }

  try {
    makeCa('test-ca')
    makeCa('stranger-ca')
    await makeSigned('server', 'test-ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:broker.test\nextendedKeyUsage=serverAuth\n')
    await makeSigned('client', 'test-ca', 'extendedKeyUsage=clientAuth\n')
    await makeSigned('stranger', 'stranger-ca', 'extendedKeyUsage=clientAuth\n')
    openssl(
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      file('self-signed.key'),
      '-out',
      file('self-signed.crt'),
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    )
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
  const read = (name: string) => readFile(file(name), 'utf8')
  return {
    dir,
    caCert: await read('test-ca.crt'),
    clientCert: await read('client.crt'),
    clientKey: await read('client.key'),
    strangerCert: await read('stranger.crt'),
    strangerKey: await read('stranger.key'),
    caFile: file('test-ca.crt'),
    serverCertFile: file('server.crt'),
    serverKeyFile: file('server.key'),
    selfSignedCertFile: file('self-signed.crt'),
    selfSignedKeyFile: file('self-signed.key'),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}
