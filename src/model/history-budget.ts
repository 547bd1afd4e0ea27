import { LIMITS } from './limits.ts'
import type { HistoryBudget } from './message-history.ts'

export type BudgetField = keyof HistoryBudget

/** The range each budget may be set to; bytes cap what the worker may hold in memory. */
export const BUDGET_RANGES: { readonly [K in BudgetField]: { readonly min: number; readonly max: number } } = {
  perTopicCount: { min: 1, max: 1_000_000 },
  perTopicBytes: { min: 1024, max: 1024 * 1024 * 1024 },
  totalCount: { min: 1, max: 10_000_000 },
  totalBytes: { min: 1024 * 1024, max: 2 * 1024 * 1024 * 1024 },
}

export const DEFAULT_BUDGET: HistoryBudget = LIMITS.history

const NAMES: Record<BudgetField, string> = {
  perTopicCount: 'Messages per topic',
  perTopicBytes: 'Bytes per topic',
  totalCount: 'Messages in all',
  totalBytes: 'Bytes in all',
}

/**
 * Checks a budget a person typed (or one read back from storage): whole numbers within
 * BUDGET_RANGES. Returns the budget, or every problem by field.
 */
export function validateBudget(input: Readonly<Record<BudgetField, number>>): { budget: HistoryBudget } | { errors: Partial<Record<BudgetField, string>> } {
  const errors: Partial<Record<BudgetField, string>> = {}
  for (const field of Object.keys(BUDGET_RANGES) as BudgetField[]) {
    const value = input[field]
    const { min, max } = BUDGET_RANGES[field]
    if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) errors[field] = `${NAMES[field]}: a whole number`
    else if (value < min || value > max) errors[field] = `${NAMES[field]}: between ${min.toLocaleString('en')} and ${max.toLocaleString('en')}`
  }
  if (Object.keys(errors).length > 0) return { errors }
  const { perTopicCount, perTopicBytes, totalCount, totalBytes } = input
  return { budget: { perTopicCount, perTopicBytes, totalCount, totalBytes } }
}

/** A stored budget if it is still valid, else the default (storage is never trusted). */
export function budgetOrDefault(stored: unknown): HistoryBudget {
  if (stored === null || typeof stored !== 'object') return DEFAULT_BUDGET
  const result = validateBudget(stored as Record<BudgetField, number>)
  return 'budget' in result ? result.budget : DEFAULT_BUDGET
}

/**
 * One open connection's part of the history budget when `connections` are open: the totals are
 * shared (so memory does not grow with every tab), the per-topic limits stay as set.
 */
export function shareBudget(budget: HistoryBudget, connections: number): HistoryBudget {
  const n = Math.max(1, Math.floor(connections))
  return { ...budget, totalCount: Math.max(1, Math.floor(budget.totalCount / n)), totalBytes: Math.max(1024, Math.floor(budget.totalBytes / n)) }
}
