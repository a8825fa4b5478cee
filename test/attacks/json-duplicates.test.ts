import { findRepeatedMember } from '../../lambda/api/json-duplicates';

describe('findRepeatedMember', () => {
  it.each([
    ['a top-level member', '{"numResults": 5, "numResults": 600}', 'numResults'],
    ['a member spelled with an escape', '{"a": 1, "\\u0061": 2}', 'a'],
    [
      'a member of an object in a list',
      '{"events": [{"eventType": "a"}, {"eventType": "b", "eventType": "c"}]}',
      'events[1].eventType',
    ],
    ['a member of a nested object', '{"filterValues": {"GENRES": "x", "GENRES": "y"}}', 'filterValues.GENRES'],
    ['an empty name', '{"": 1, "": 2}', ''],
  ])('finds %s', (_label, text, path) => {
    expect(findRepeatedMember(text)).toBe(path);
  });

  it.each([
    ['equal names in sibling objects', '{"a": {"x": 1}, "b": {"x": 2}}'],
    ['names that only appear as values', '{"a": "a", "b": ["a", "a"]}'],
    ['commas and braces inside strings', '{"a": "x,\\"}{[", "b": "\\\\"}'],
    ['a list of scalars', '[1, 2, 2]'],
  ])('ignores %s', (_label, text) => {
    expect(findRepeatedMember(text)).toBeUndefined();
  });

  it('scans 100,000 levels of nesting', () => {
    const text = `{"a":${'['.repeat(100_000)}{"b":1,"b":2}${']'.repeat(100_000)}}`;
    expect(findRepeatedMember(text)).toBe(`a${'[0]'.repeat(100_000)}.b`);
  });
});
