// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { scopedStoreHook } from './active-store.ts'

interface Counter {
  name: string
  count: number
}

function stores() {
  const a = createStore<Counter>()(() => ({ name: 'a', count: 0 }))
  const b = createStore<Counter>()(() => ({ name: 'b', count: 10 }))
  return { a, b, ...scopedStoreHook(a) }
}

describe('scopedStoreHook', () => {
  it('getState, setState and subscribe mean the active store, and follow it when another is activated', () => {
    const { a, b, hook } = stores()
    const heard: string[] = []
    hook.subscribe((state, previous) => heard.push(`${previous.name}->${state.name}:${state.count}`))
    hook.setState({ count: 1 })
    expect(a.getState().count).toBe(1)
    hook.activate(b)
    expect(hook.getState().name).toBe('b')
    hook.setState({ count: 11 })
    expect(b.getState().count).toBe(11)
    expect(a.getState().count).toBe(1)
    // The old store's changes are no longer heard.
    a.setState({ count: 2 })
    expect(heard).toEqual(['a->a:1', 'a->b:10', 'b->b:11'])
    expect(hook.activeStore()).toBe(b)
  })

  it('a component reads the store of its scope, else the active one', () => {
    const { b, hook, Scope } = stores()
    function Name({ testId }: { testId: string }) {
      return <span data-testid={testId}>{hook((s) => `${s.name}${s.count}`)}</span>
    }
    render(
      <>
        <Name testId="active" />
        <Scope.Provider value={b}>
          <Name testId="scoped" />
        </Scope.Provider>
      </>,
    )
    expect(screen.getByTestId('active').textContent).toBe('a0')
    expect(screen.getByTestId('scoped').textContent).toBe('b10')
    act(() => b.setState({ count: 12 }))
    expect(screen.getByTestId('scoped').textContent).toBe('b12')
  })
})
