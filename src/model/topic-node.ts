import type { MessageProperties } from './mqtt-properties.ts'

/**
 * One level of the topic tree. Nodes are created and updated only by TopicTree; read them, do not
 * write them. They hold domain state only (no UI state: expansion and sorting live in tree-view.ts).
 */
export interface TopicNode {
  /** Unique for the tree's lifetime (clear() does not reuse ids), > 0; the root is 0. */
  readonly id: number
  /** This level ("" for an empty level, as in "/a" or "a/"). */
  readonly name: string
  /** The full topic name of this node. */
  readonly topic: string
  readonly parent: TopicNode | undefined
  /** Root 0, first level 1. */
  readonly depth: number
  /** Created with the first child: a leaf costs no Map. */
  children: Map<string, TopicNode> | undefined
  ownMessages: number
  /** Messages to this topic and every topic below it. */
  subtreeMessages: number
  ownBytes: number
  subtreeBytes: number
  /** Descendant nodes (excluding self) that received at least one message. */
  subtreeTopics: number
  /**
   * The broker holds a retained message for this topic, as far as the tree knows (see retainedAfter;
   * a broker's own answer sets it through TopicTree.setRetained).
   */
  retained: boolean
  /** Retained topics in the subtree, self included. */
  retainedInSubtree: number
  /** Epoch ms of the last own message, 0 = never (it does not move back if the clock does). */
  lastAt: number
  /** Epoch ms of the last message in the subtree, 0 = never (does not move back either). */
  subtreeLastAt: number
  /** previewPayload(last payload, LIMITS.previewChars).text: see Node for when it is computed. */
  preview: string
  previewCut: boolean
  previewBinary: boolean
  /** Size of the last payload. */
  lastBytes: number
  /**
   * Rate state (decaying-rate.ts): decayed sums of messages and bytes, for the subtree and for own
   * messages; their clocks are subtreeLastAt and lastAt. Read rates through TopicTree.messageRate,
   * byteRate, ownMessageRate and ownByteRate.
   */
  subtreeMsgAcc: number
  subtreeByteAcc: number
  ownMsgAcc: number
  ownByteAcc: number
}

export interface IngestMeta {
  qos: 0 | 1 | 2
  retain: boolean
  dup?: boolean
  properties?: MessageProperties
  /** The subscription asked for Retain As Published (MQTT 5): see retained-state.ts. */
  retainAsPublished?: boolean
}
