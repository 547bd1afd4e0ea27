/** A listener that could not start, explained in one line that names the flag to change. */
export class ListenError extends Error {
  readonly code: string | undefined

  constructor(cause: NodeJS.ErrnoException, host: string, port: number, flag: string, env: string) {
    super(describe(cause, host, port, flag, env))
    this.name = 'ListenError'
    this.code = cause.code
  }
}

function describe(cause: NodeJS.ErrnoException, host: string, port: number, flag: string, env: string): string {
  switch (cause.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use: choose another with ${flag} (or ${env}), or stop the program using it`
    case 'EACCES':
      return `not allowed to listen on port ${port} on ${host}: choose a port above 1023 with ${flag} (or ${env})`
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine: change --host (or MQTT_SCOPE_HOST)`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve host ${host}: change --host (or MQTT_SCOPE_HOST)`
    default:
      return `cannot listen on ${host}:${port} (${cause.code ?? cause.message}): check ${flag} and --host`
  }
}
