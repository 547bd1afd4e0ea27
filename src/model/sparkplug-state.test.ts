import { describe, expect, it } from 'vitest'
import { SparkplugStates } from './sparkplug-state.ts'

const G = 'spBv1.0/plant'

describe('Sparkplug B online / offline state', () => {
  it('BIRTH makes a node or device online, DEATH offline; every row of the node or device shows it', () => {
    const s = new SparkplugStates()
    expect(s.note(`${G}/NDATA/edge1`)).toBe(false)
    expect(s.stateOf(`${G}/NDATA/edge1`)).toBeUndefined() // DATA alone says nothing
    expect(s.note(`${G}/NBIRTH/edge1`)).toBe(true)
    expect(s.note(`${G}/DBIRTH/edge1/pump`)).toBe(true)
    expect(s.note(`${G}/DBIRTH/edge1/pump`)).toBe(false) // no change
    for (const row of [`${G}/NBIRTH/edge1`, `${G}/NDATA/edge1`, `${G}/DDATA/edge1`]) expect(s.stateOf(row)).toBe('online')
    expect(s.stateOf(`${G}/DDATA/edge1/pump`)).toBe('online')
    expect(s.stateOf(`${G}/DDATA/edge1/valve`)).toBeUndefined()
    expect(s.note(`${G}/DDEATH/edge1/pump`)).toBe(true)
    expect(s.stateOf(`${G}/DDATA/edge1/pump`)).toBe('offline')
    expect(s.stateOf(`${G}/NDATA/edge1`)).toBe('online')
    expect(s.stateOf(`${G}`)).toBeUndefined()
    expect(s.stateOf(`${G}/DDATA`)).toBeUndefined()
  })

  it("a node's death takes its devices offline; its rebirth does not bring them back before their own BIRTH", () => {
    const s = new SparkplugStates()
    s.note(`${G}/NBIRTH/edge1`)
    s.note(`${G}/DBIRTH/edge1/a`)
    s.note(`${G}/DBIRTH/edge1/b`)
    s.note(`${G}/NBIRTH/edge2`)
    s.note(`${G}/DBIRTH/edge2/a`)
    expect(s.note(`${G}/NDEATH/edge1`)).toBe(true)
    expect(s.stateOf(`${G}/DDATA/edge1/a`)).toBe('offline')
    expect(s.stateOf(`${G}/DDATA/edge1/b`)).toBe('offline')
    expect(s.stateOf(`${G}/DDATA/edge2/a`)).toBe('online')
    s.note(`${G}/NBIRTH/edge1`)
    expect(s.stateOf(`${G}/NDATA/edge1`)).toBe('online')
    expect(s.stateOf(`${G}/DDATA/edge1/a`)).toBe('offline')
    s.note(`${G}/DBIRTH/edge1/a`)
    expect(s.stateOf(`${G}/DDATA/edge1/a`)).toBe('online')
  })

  it('only Sparkplug topic shapes count: STATE, wrong types, wrong depth and other namespaces are ignored', () => {
    const s = new SparkplugStates()
    for (const t of ['spBv1.0/STATE/host', `${G}/XBIRTH/edge1`, `${G}/NBIRTH/edge1/dev`, `${G}/DBIRTH/edge1`, 'spAv1.0/g/NBIRTH/e', `${G}/NBIRTH/`, 'a/b'])
      expect(s.note(t)).toBe(false)
    expect(s.size).toBe(0)
  })

  it('is bounded: the least recently changed node or device is forgotten first', () => {
    const s = new SparkplugStates(3)
    s.note(`${G}/NBIRTH/n1`)
    s.note(`${G}/NBIRTH/n2`)
    s.note(`${G}/NBIRTH/n3`)
    s.note(`${G}/NDEATH/n1`) // changed last: kept
    s.note(`${G}/NBIRTH/n4`)
    expect(s.size).toBe(3)
    expect(s.stateOf(`${G}/NDATA/n2`)).toBeUndefined()
    expect(s.stateOf(`${G}/NDATA/n1`)).toBe('offline')
    s.clear()
    expect(s.size).toBe(0)
  })
})
