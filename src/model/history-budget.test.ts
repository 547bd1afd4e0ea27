import { describe, expect, it } from 'vitest'
import { budgetOrDefault, DEFAULT_BUDGET, shareBudget, validateBudget } from './history-budget.ts'
import { LIMITS } from './limits.ts'

describe('validateBudget', () => {
  it('accepts whole numbers in range', () => {
    const budget = { perTopicCount: 10, perTopicBytes: 4096, totalCount: 100, totalBytes: 2 ** 20 }
    expect(validateBudget(budget)).toEqual({ budget })
  })

  it('lists every problem by field', () => {
    const result = validateBudget({ perTopicCount: 0, perTopicBytes: 1.5, totalCount: Number.NaN, totalBytes: 2 ** 40 })
    expect('errors' in result && Object.keys(result.errors).sort()).toEqual(['perTopicBytes', 'perTopicCount', 'totalBytes', 'totalCount'])
    if (!('errors' in result)) throw new Error('expected errors')
    expect(result.errors.perTopicCount).toBe('Messages per topic: between 1 and 1,000,000')
    expect(result.errors.perTopicBytes).toBe('Bytes per topic: a whole number')
  })

  it('the default is LIMITS.history, and a stored budget is trusted only when valid', () => {
    expect(DEFAULT_BUDGET).toBe(LIMITS.history)
    expect(budgetOrDefault(undefined)).toBe(DEFAULT_BUDGET)
    expect(budgetOrDefault({ perTopicCount: '5' })).toBe(DEFAULT_BUDGET)
    expect(budgetOrDefault({ ...LIMITS.history, perTopicCount: 5, extra: 1 })).toEqual({ ...LIMITS.history, perTopicCount: 5 })
  })
})

describe('shareBudget', () => {
  it('divides the totals between the open connections and keeps the per-topic limits', () => {
    const budget = { perTopicCount: 100, perTopicBytes: 65_536, totalCount: 90_001, totalBytes: 30 * 1024 * 1024 }
    expect(shareBudget(budget, 1)).toEqual(budget)
    expect(shareBudget(budget, 3)).toEqual({ perTopicCount: 100, perTopicBytes: 65_536, totalCount: 30_000, totalBytes: 10 * 1024 * 1024 })
    // No connection gets nothing, and nonsense counts mean one.
    expect(shareBudget({ ...budget, totalCount: 2, totalBytes: 2048 }, 10)).toMatchObject({ totalCount: 1, totalBytes: 1024 })
    expect(shareBudget(budget, 0)).toEqual(budget)
  })
})
