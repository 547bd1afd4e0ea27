import { describe, expect, it } from 'vitest'
import { compileFilter, matchesFilter, validateFilter, validateTopic } from './topic-rules.ts'

describe('validateTopic', () => {
  it.each([
    ['a'],
    ['home/kitchen/temperature'],
    ['/'],
    ['/finance'],
    ['a//b'],
    ['$SYS/broker/uptime'],
    ['ünïcödé/日本/😀'],
    ['x'.repeat(65_535)],
    ['é'.repeat(32_767)],
  ])('accepts %j', (topic) => {
    expect(validateTopic(topic)).toBeUndefined()
  })

  it('[MQTT-4.7.3-1] rejects an empty topic', () => {
    expect(validateTopic('')).toMatch(/empty/)
  })

  it.each([['+'], ['#'], ['a/+/b'], ['a/#'], ['a+b'], ['sport#']])('[MQTT-3.3.2-2] rejects wildcards in a topic name: %j', (topic) => {
    expect(validateTopic(topic)).toMatch(/wildcards/)
  })

  it('[MQTT-1.5.3-2] rejects U+0000', () => {
    expect(validateTopic('a\u0000b')).toMatch(/NUL/)
  })

  it('[MQTT-4.7.3-3] rejects more than 65,535 UTF-8 bytes, counting multi-byte characters', () => {
    expect(validateTopic('x'.repeat(65_536))).toMatch(/65,536 bytes/)
    // 32,768 two-byte characters: 32,768 UTF-16 units but 65,536 bytes
    expect(validateTopic('é'.repeat(32_768))).toMatch(/65,536 bytes/)
    // 16,384 astral characters: 4 bytes each
    expect(validateTopic('😀'.repeat(16_384))).toMatch(/65,536 bytes/)
    expect(validateTopic('😀'.repeat(16_383) + 'abc')).toBeUndefined()
  })

  it.each([['a\ud800'], ['\udc00a'], ['a\ud800b'], ['\udbff\udbff']])('[MQTT-1.5.3-1] rejects an unpaired surrogate: %j', (topic) => {
    expect(validateTopic(topic)).toMatch(/unpaired UTF-16 surrogate/)
  })
})

describe('validateFilter', () => {
  it.each([
    ['#'],
    ['+'],
    ['+/+'],
    ['/+'],
    ['+/'],
    ['sport/#'],
    ['sport/tennis/+'],
    ['sport/+/player1'],
    ['+/tennis/#'],
    ['$SYS/#'],
    ['a//b'],
    ['$share/group/sport/#'],
    ['$share/g/+'],
    ['$share/g/$SYS/#'],
    ['$sharex/+'],
  ])('accepts %j', (filter) => {
    expect(validateFilter(filter)).toBeUndefined()
  })

  it('[MQTT-4.7.3-1] rejects an empty filter', () => {
    expect(validateFilter('')).toMatch(/empty/)
  })

  it.each([['sport/tennis#'], ['sport/tennis/#/ranking'], ['#/a'], ['a/#/'], ['##'], ['a#'], ['$share/g/a/#/b']])(
    '[MQTT-4.7.1-2] "#" only alone in the last level: rejects %j',
    (filter) => {
      expect(validateFilter(filter)).toBe('"#" must be the last level, alone (e.g. "home/#")')
    },
  )

  it.each([['sport+'], ['sport/+tennis'], ['+a/b'], ['a/b+'], ['++'], ['$share/g/a+']])('[MQTT-4.7.1-3] "+" fills a whole level: rejects %j', (filter) => {
    expect(validateFilter(filter)).toMatch(/"\+" must fill a whole level/)
  })

  it('[MQTT-1.5.3-2] [MQTT-4.7.3-3] [MQTT-1.5.3-1] applies the string rules', () => {
    expect(validateFilter('a/\u0000')).toMatch(/NUL/)
    expect(validateFilter('a/' + 'x'.repeat(65_534))).toMatch(/65,536 bytes/)
    expect(validateFilter('a/\udfff/#')).toMatch(/surrogate/)
  })

  it.each([
    ['$share/', /group name/],
    ['$share//a', /group name/],
    ['$share/group', /needs a filter/],
    ['$share/group/', /needs a filter/],
    ['$share/gr+oup/a', /cannot contain/],
    ['$share/#/a', /cannot contain/],
  ])('[MQTT-4.8.2-1] [MQTT-4.8.2-2] rejects the shared subscription %j', (filter, message) => {
    expect(validateFilter(filter)).toMatch(message)
  })
})

// [filter, topic, matches]
const MATCH_TABLE: [string, string, boolean][] = [
  // [MQTT-4.7.1-2] "#": the parent and any number of levels
  ['sport/tennis/player1/#', 'sport/tennis/player1', true],
  ['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true],
  ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true],
  ['sport/tennis/player1/#', 'sport/tennis/player2', false],
  ['sport/tennis/player1/#', 'sport/tennis', false],
  ['sport/#', 'sport', true],
  ['sport/#', 'sport/', true],
  ['sport/#', 'sports', false],
  ['#', 'a', true],
  ['#', 'a/b/c', true],
  ['#', '/', true],
  // [MQTT-4.7.1-3] "+": exactly one level, an empty one included
  ['sport/tennis/+', 'sport/tennis/player1', true],
  ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
  ['sport/+', 'sport', false],
  ['sport/+', 'sport/', true],
  ['sport/+', 'sport/tennis/player1', false],
  ['+', 'a', true],
  ['+', '/a', false],
  ['+/+', '/finance', true],
  ['/+', '/finance', true],
  ['+', '/finance', false],
  ['+/+', 'a', false],
  ['+/#', 'a', true],
  ['a/+/c', 'a//c', true],
  ['a/+/+', 'a/b', false],
  ['+/tennis/#', 'sport/tennis/player1', true],
  ['+/tennis/#', 'sport/tennis', true],
  ['+/tennis/#', 'sport/golf', false],
  // literal levels
  ['a/b', 'a/b', true],
  ['a/b', 'a/b/', false],
  ['a/b/', 'a/b/', true],
  ['a/b', 'a/bc', false],
  ['a/bc', 'a/b', false],
  ['a//b', 'a//b', true],
  ['A/b', 'a/b', false],
  ['ü/😀', 'ü/😀', true],
  // [MQTT-4.7.2-1] a leading wildcard does not reach "$" topics
  ['#', '$SYS/x', false],
  ['#', '$SYS', false],
  ['+/monitor/Clients', '$SYS/monitor/Clients', false],
  ['+', '$SYS', false],
  ['$SYS/#', '$SYS/x', true],
  ['$SYS/#', '$SYS', true],
  ['$SYS/monitor/+', '$SYS/monitor/Clients', true],
  ['a/#', 'a/$b', true],
  ['a/+', 'a/$b', true],
  // $share/{group}/ is stripped
  ['$share/g/sport/#', 'sport/tennis', true],
  ['$share/g/sport/+', 'sport/tennis/x', false],
  ['$share/g/#', '$SYS/x', false],
  ['$share/g/$SYS/#', '$SYS/x', true],
  ['$share/g/a', '$share/g/a', false],
  ['$share/g', 'g', false],
]

describe('matchesFilter and compileFilter', () => {
  it.each(MATCH_TABLE)('%j vs %j -> %s', (filter, topic, expected) => {
    expect(matchesFilter(filter, topic)).toBe(expected)
    expect(compileFilter(filter)(topic)).toBe(expected)
  })

  it('agree with each other on every valid filter over a small alphabet', () => {
    const levels = ['', 'a', 'b', '$a', '+', '#']
    const filters: string[] = []
    const topics: string[] = []
    for (const x of levels) {
      for (const y of levels) {
        for (const z of levels) {
          for (const candidate of [x, `${x}/${y}`, `${x}/${y}/${z}`]) {
            if (candidate === '') continue
            if (validateFilter(candidate) === undefined) filters.push(candidate)
            if (validateTopic(candidate) === undefined) topics.push(candidate)
          }
        }
      }
    }
    expect(filters.length).toBeGreaterThan(100)
    for (const filter of filters) {
      const compiled = compileFilter(filter)
      for (const topic of topics) {
        if (matchesFilter(filter, topic) !== compiled(topic)) expect.fail(`${filter} vs ${topic}`)
        // A filter without wildcards matches exactly its own topic.
        if (validateTopic(filter) === undefined && compiled(topic) !== (filter === topic)) expect.fail(`${filter} vs ${topic}`)
      }
    }
  })
})
