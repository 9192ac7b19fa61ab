// Author lists: arrays, {name} objects and the string forms data uses.
import { describe, expect, it } from 'vitest';
import { firstLast, readAuthors, splitAuthorString } from '../../src/papers/authors.ts';

describe('splitAuthorString', () => {
  it.each([
    ['A Smith, B Jones and C Lee', ['A Smith', 'B Jones', 'C Lee']],
    ['A Smith, B Jones, and C Lee', ['A Smith', 'B Jones', 'C Lee']],
    ['A Smith and B Jones', ['A Smith', 'B Jones']],
    ['A Smith & B Jones', ['A Smith', 'B Jones']],
    ['Smith, A.; Jones, B.', ['Smith, A.', 'Jones, B.']],
    ['Madry, Aleksander and Tsipras, Dimitris', ['Aleksander Madry', 'Dimitris Tsipras']],
    ['Madry, Aleksander', ['Aleksander Madry']],
    ['Aleksander Madry', ['Aleksander Madry']],
    ['  ', []],
  ])('%s', (text, names) => expect(splitAuthorString(text)).toEqual(names));

  it('does not split inside a name that contains "and"', () => {
    expect(splitAuthorString('Alexander Andersen and Sandra Anderson')).toEqual(['Alexander Andersen', 'Sandra Anderson']);
  });
});

describe('readAuthors', () => {
  it('reads arrays of strings, {name} and {given, family} objects', () => {
    expect(readAuthors(['Ada Lovelace', ' Alan  Turing '])).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(readAuthors([{ name: 'Grace Hopper' }, { given: 'Edsger', family: 'Dijkstra' }, 42])).toEqual(['Grace Hopper', 'Edsger Dijkstra']);
  });
  it('gives no authors for shapes it does not know', () => {
    expect(readAuthors(undefined)).toEqual([]);
    expect(readAuthors({ name: 'x' })).toEqual([]);
  });
  it('flips "Last, First"', () => {
    expect(firstLast('Madry, Aleksander')).toBe('Aleksander Madry');
    expect(firstLast('Aleksander Madry')).toBe('Aleksander Madry');
  });
});
