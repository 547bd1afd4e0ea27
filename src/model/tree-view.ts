import { LIMITS } from './limits.ts'
import { type Clock, compileLinearRegex, type LinearRegex, type RegexBudget, tooSlowMessage } from './linear-regex.ts'
import { naturalCompare } from './natural-order.ts'
import { compileFilter, validateFilter } from './topic-rules.ts'
import type { TopicNode, TopicTree } from './topic-tree.ts'

/**
 * Turning the tree into the rows the screen shows. Runs on the flush clock (~100 ms, and only
 * when something changed), never per message, so it may visit every visible node; it stays
 * iterative (a 65,535-byte topic can be 32,768 levels deep) and caches the one costly thing,
 * the name order of each children set.
 */

export type SortMode = 'name' | 'messages' | 'recent'
export type FilterMode = 'text' | 'mqtt' | 'regex'

export interface TreeFilter {
  readonly mode: FilterMode
  readonly query: string
  /** Also search the payload preview (text and regex modes). */
  readonly payloads: boolean
  /** Only topics the broker holds a retained message for ("Retained only"), with their ancestors. */
  readonly retainedOnly?: boolean
}

/** Whether `filter` hides anything: a query, or "Retained only". */
export function isFilterActive(filter: TreeFilter | undefined): filter is TreeFilter {
  return filter !== undefined && (filter.query !== '' || filter.retainedOnly === true)
}

export interface ViewState {
  /** Ids of the nodes whose children are shown. */
  readonly expanded: ReadonlySet<number>
  readonly sort: SortMode
  readonly filter?: TreeFilter
  /**
   * compileTreeFilter(filter), kept by the caller from pass to pass so that its per-node answers
   * and its stop survive; compiled for this pass alone when left out.
   */
  readonly compiled?: TreeFilterResult
}

export interface CompiledTreeFilter {
  test(node: TopicNode): boolean
  /** Filters with a time budget (regex): a pass over the tree starts; the budget counts from here. */
  beginPass?(): void
  /**
   * Set once a test ran out of budget: why, for the user ("this regular expression is too slow on
   * topic X"). A stopped filter stays stopped (test answers false); flattenVisible then shows the
   * tree unfiltered, so it keeps updating. A new query is a new compileTreeFilter.
   */
  readonly stopped?: string | undefined
}

/** `loading`: a regular expression whose engine is still loading (linear-regex.ts): try again once loaded. */
export type TreeFilterResult = CompiledTreeFilter | { error: string; loading?: true }

/**
 * A node test for `filter`, or the reason it cannot be one (an invalid regex or MQTT filter), as a
 * message for the user.
 * - text: case-insensitive substring of the full topic (and of the payload preview if `payloads`);
 * - mqtt: the full topic matches the MQTT topic filter (matchesFilter rules; payloads ignored);
 * - regex: a JavaScript regular expression, case-sensitive, searched in the full topic (and the
 *   preview if `payloads`), run by a linear-time engine within `budget` (linear-regex.ts says
 *   why, and what JavaScript syntax it lacks).
 * An empty query matches every node (and flattenVisible treats it as no filter). With
 * `retainedOnly`, only retained topics match as well.
 */
export function compileTreeFilter(filter: TreeFilter, budget: RegexBudget = LIMITS.regex, clock?: Clock): TreeFilterResult {
  const compiled = compileQuery(filter, budget, clock)
  return filter.retainedOnly === true && !('error' in compiled) ? onlyRetained(compiled) : compiled
}

/** `inner` for retained topics only; the retained mark is read first (it changes, so it is never cached). */
function onlyRetained(inner: CompiledTreeFilter): CompiledTreeFilter {
  return {
    test: (node) => node.retained && inner.test(node),
    beginPass: () => inner.beginPass?.(),
    get stopped() {
      return inner.stopped
    },
  }
}

function compileQuery(filter: TreeFilter, budget: RegexBudget, clock: Clock | undefined): TreeFilterResult {
  const { query, payloads } = filter
  if (query === '') return { test: () => true }
  switch (filter.mode) {
    case 'text': {
      // A case-insensitive regex instead of toLowerCase per node: no string allocated per test.
      const re = new RegExp(query.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'iu')
      return searchIn(re, payloads)
    }
    case 'regex': {
      const re = compileLinearRegex(query, budget, clock)
      return 'error' in re ? re : regexSearch(re, payloads)
    }
    case 'mqtt': {
      const error = validateFilter(query)
      if (error) return { error }
      const matches = compileFilter(query)
      return { test: (node) => matches(node.topic) }
    }
  }
}

function searchIn(re: RegExp, payloads: boolean): CompiledTreeFilter {
  // No "g" flag: test() then keeps no lastIndex state between nodes.
  return payloads ? { test: (node) => re.test(node.topic) || re.test(node.preview) } : { test: (node) => re.test(node.topic) }
}

/**
 * A user's regex over topics (and previews). RE2 in JavaScript is 5-10 times slower than RegExp on
 * ordinary patterns (~30 ms for 100,000 topics), so each node's answer is kept: a topic never
 * changes, and a preview is tested again only when it did. A pass then tests only new topics and
 * changed previews, and only those count against the budget.
 */
function regexSearch(re: LinearRegex, payloads: boolean): CompiledTreeFilter {
  const topicFound = new WeakMap<TopicNode, boolean>()
  const previewFound = new WeakMap<TopicNode, { readonly preview: string; readonly found: boolean }>()
  let stopped: string | undefined
  const run = (node: TopicNode, input: string): boolean | undefined => {
    const result = re.test(input)
    if (result !== 'too-slow') return result
    stopped = tooSlowMessage(node.topic)
    return undefined
  }
  return {
    get stopped() {
      return stopped
    },
    beginPass: () => re.beginPass(),
    test(node) {
      if (stopped !== undefined) return false
      let inTopic = topicFound.get(node)
      if (inTopic === undefined) {
        inTopic = run(node, node.topic)
        if (inTopic === undefined) return false
        topicFound.set(node, inTopic)
      }
      if (inTopic || !payloads) return inTopic
      const preview = node.preview
      const known = previewFound.get(node)
      if (known !== undefined && known.preview === preview) return known.found
      const found = run(node, preview)
      if (found === undefined) return false
      previewFound.set(node, { preview, found })
      return found
    },
  }
}

/**
 * The visible nodes in display order: depth first, the root's children at depth 1 (the root is
 * not a row), a node's children only when it is expanded, siblings in `view.sort` order.
 *
 * With a (non-empty, valid) filter, `expanded` is ignored: a node is shown when it matches or has a
 * matching descendant, and every ancestor of a match is shown expanded, so all matches are on
 * screen; a match's children are shown only if they match or lead to a match. An invalid filter
 * shows nothing (the caller shows compileTreeFilter's error). A filter that stopped (ran out of
 * its time budget, now or in an earlier pass) shows the tree as without a filter, so the tree
 * keeps updating; the caller shows `stopped`.
 *
 * `tree` is the live TopicTree or a FrozenTree (what a paused explorer shows). `now` is unused
 * today; it is part of the signature for rate-based orders.
 */
export function flattenVisible(tree: Pick<TopicTree, 'root' | 'nodes'>, view: ViewState, now: number): TopicNode[] {
  void now
  const order = siblingOrder(view.sort)
  const unfiltered = (): TopicNode[] => flatten(tree.root, order, (node) => view.expanded.has(node.id), undefined)
  if (!isFilterActive(view.filter)) return unfiltered()
  const compiled = view.compiled ?? compileTreeFilter(view.filter)
  if ('error' in compiled) return []
  if (compiled.stopped !== undefined) return unfiltered()
  compiled.beginPass?.()
  // Pass 1, unsorted: mark matches and, walking up from each, the nodes that lead to one. The
  // walk up stops at the first node already marked, so the pass is O(nodes).
  const matched = new Set<TopicNode>()
  const leads = new Set<TopicNode>()
  for (const node of tree.nodes()) {
    if (!compiled.test(node)) {
      if (compiled.stopped !== undefined) return unfiltered()
      continue
    }
    matched.add(node)
    for (let up = node.parent; up !== undefined && up !== tree.root && !leads.has(up); up = up.parent) leads.add(up)
  }
  // Pass 2: display order, descending only into nodes that lead to a match.
  return flatten(
    tree.root,
    order,
    (node) => leads.has(node),
    (node) => leads.has(node) || matched.has(node),
  )
}

type SiblingOrder = (node: TopicNode) => readonly TopicNode[]

function flatten(root: TopicNode, order: SiblingOrder, open: (node: TopicNode) => boolean, shown: ((node: TopicNode) => boolean) | undefined): TopicNode[] {
  const out: TopicNode[] = []
  // An explicit stack of (siblings, next index), so depth is not limited by the call stack.
  const lists: (readonly TopicNode[])[] = [order(root)]
  const next: number[] = [0]
  while (lists.length > 0) {
    const top = lists.length - 1
    const list = lists[top]!
    const i = next[top]!
    if (i >= list.length) {
      lists.pop()
      next.pop()
      continue
    }
    next[top] = i + 1
    const node = list[i]!
    if (shown && !shown(node)) continue
    out.push(node)
    if (node.children !== undefined && open(node)) {
      lists.push(order(node))
      next.push(0)
    }
  }
  return out
}

function siblingOrder(sort: SortMode): SiblingOrder {
  switch (sort) {
    case 'name':
      return childrenByName
    case 'messages':
      // A stable sort of the name order: equal counts stay in name order.
      return (node) =>
        childrenByName(node)
          .slice()
          .sort((a, b) => b.subtreeMessages - a.subtreeMessages)
    case 'recent':
      return (node) =>
        childrenByName(node)
          .slice()
          .sort((a, b) => b.subtreeLastAt - a.subtreeLastAt)
  }
}

const NO_NODES: readonly TopicNode[] = []

/**
 * Name order of each children set, keyed by the children Map itself (kept off the domain node:
 * ordering is view state). Children are only ever added, and a Map iterates in insertion order,
 * so a cached list of length k is stale exactly when the Map has grown, and the new children are
 * the Map's entries after the k-th. A few new children are inserted by binary search; many cause
 * a full sort. TopicTree.clear() replaces the Maps, so nothing stale can survive it.
 */
const nameOrder = new WeakMap<Map<string, TopicNode>, readonly TopicNode[]>()

export function childrenByName(node: TopicNode): readonly TopicNode[] {
  const children = node.children
  if (children === undefined) return NO_NODES
  const cached = nameOrder.get(children)
  if (cached !== undefined && cached.length === children.size) return cached
  let sorted: TopicNode[]
  const added = children.size - (cached?.length ?? 0)
  // Binary insertion moves O(n) pointers per new child; past a few dozen a full sort is cheaper.
  if (cached !== undefined && added <= 64) {
    sorted = cached.slice()
    let k = 0
    for (const child of children.values()) {
      if (k++ < cached.length) continue
      sorted.splice(insertionPoint(sorted, child), 0, child)
    }
  } else {
    sorted = Array.from(children.values()).sort(byName)
  }
  nameOrder.set(children, sorted)
  return sorted
}

function byName(a: TopicNode, b: TopicNode): number {
  return naturalCompare(a.name, b.name)
}

/** The index after every entry that sorts before or with `node` (stable: new after equal). */
function insertionPoint(sorted: readonly TopicNode[], node: TopicNode): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (byName(sorted[mid]!, node) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Adds the ids of `node` and every descendant that has children (what "expand all" opens). */
export function expandSubtree(node: TopicNode, into: Set<number>): void {
  const stack: TopicNode[] = [node]
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.children === undefined) continue
    into.add(n.id)
    for (const child of n.children.values()) if (child.children !== undefined) stack.push(child)
  }
}

/** The ancestors of `node`, from depth 1 down to its parent (neither the root nor `node` itself). */
export function ancestorsOf(node: TopicNode): TopicNode[] {
  const out: TopicNode[] = []
  for (let up = node.parent; up !== undefined && up.parent !== undefined; up = up.parent) out.push(up)
  return out.reverse()
}
