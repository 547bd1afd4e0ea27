import { useEffect, useState } from 'react'

/** How often the page asks its server whether the cluster's store is reachable. */
const POLL_MS = 5_000

interface StoreProblem {
  readonly reason: string
  readonly since: string
}

/**
 * A status-bar notice while the server that serves this page is a cluster node that cannot reach
 * the cluster's Redis (GET /api/health: `cluster.store`): its connected clients keep working, but
 * new connections, subscriptions and publishes are refused or held. Shows nothing otherwise; a
 * server that is not a cluster node is asked once.
 */
export function ClusterStoreNotice() {
  const [problem, setProblem] = useState<StoreProblem | undefined>(undefined)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const poll = async () => {
      let cluster: { store?: unknown; reason?: unknown; since?: unknown } | undefined
      try {
        const response = await fetch('/api/health', { cache: 'no-store' })
        cluster = ((await response.json()) as { cluster?: typeof cluster }).cluster
      } catch {
        // The server itself is away: the connection bar says so; keep asking.
        cluster = {}
      }
      if (stopped || cluster === undefined) return
      setProblem(cluster.store === 'unavailable' ? { reason: String(cluster.reason ?? ''), since: String(cluster.since ?? '') } : undefined)
      timer = setTimeout(() => void poll(), POLL_MS)
    }
    void poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [])
  if (problem === undefined) return null
  return (
    <span
      className="status-item is-warn"
      role="status"
      title={`Since ${problem.since}: ${problem.reason}. Connected clients keep working; new ones are refused until it is back.`}
    >
      cluster store unavailable
    </span>
  )
}
