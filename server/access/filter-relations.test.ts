import { describe, expect, it } from 'vitest'
import { filterCovers, filtersOverlap } from './filter-relations.ts'

describe('filtersOverlap: some topic matches both', () => {
  it.each([
    ['#', 'a/b', true],
    ['a/#', 'a', true], // [MQTT-4.7.1-2] the parent level
    ['a/#', '#', true],
    ['a/+', '+/b', true],
    ['a/+', 'a/b/c', false],
    ['a/b', 'a/c', false],
    ['a/+/c', 'a/b/#', true],
    ['a', 'a/b', false],
    ['a/+', 'a', false],
    ['+', '', true], // "+" matches an empty level
    ['#', '$SYS/x', false], // [MQTT-4.7.2-1]
    ['+/x', '$SYS/x', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
    ['$SYS/#', '#', false],
    ['#', '#', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(filtersOverlap(a, b)).toBe(expected)
    expect(filtersOverlap(b, a)).toBe(expected)
  })
})

describe('filterCovers: every topic of the inner filter matches the outer one', () => {
  it.each([
    ['#', 'a/b/#', true],
    ['a/#', 'a', true],
    ['a/#', 'a/+/c', true],
    ['a/+', 'a/b', true],
    ['a/+', 'a/+', true],
    ['a/b', 'a/+', false],
    ['a/+', 'a/#', false],
    ['a/+', 'a', false],
    ['a', 'a/#', false],
    ['#', '$SYS/#', false], // [MQTT-4.7.2-1]
    ['+/#', '$x/y', false],
    ['$SYS/#', '$SYS/broker/#', true],
    ['#', '+/#', true],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(filterCovers(outer, inner)).toBe(expected)
  })
})
