/** The worker's own AbortController and AbortSignal, for readable-stream (which bundles a polyfill otherwise). */
export const AbortController = globalThis.AbortController
export const AbortSignal = globalThis.AbortSignal
export default AbortController
