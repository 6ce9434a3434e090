/** Lightroom's judging keys as History reads them, and the words it says after a change. */
import { describe, expect, it } from 'vitest';
import { describeMark, markForKey, marksText } from '../../renderer/src/features/history/mark-keys';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('judging keys', () => {
  it('maps 0-5, P, X, U and 6-9 as Lightroom does', () => {
    expect(markForKey(key('0'))).toEqual({ rating: 0 });
    expect(markForKey(key('5'))).toEqual({ rating: 5 });
    expect(markForKey(key('p'))).toEqual({ flag: 'pick' });
    expect(markForKey(key('P'))).toEqual({ flag: 'pick' }); // Caps Lock or Shift
    expect(markForKey(key('x'))).toEqual({ flag: 'reject' });
    expect(markForKey(key('u'))).toEqual({ flag: null });
    // Label keys toggle; the core decides on or off against the marks as they are.
    expect(markForKey(key('6'))).toEqual({ toggleLabel: 'red' });
    expect(markForKey(key('7'))).toEqual({ toggleLabel: 'yellow' });
    expect(markForKey(key('8'))).toEqual({ toggleLabel: 'green' });
    expect(markForKey(key('9'))).toEqual({ toggleLabel: 'blue' });
  });

  it('leaves other keys and shortcuts with modifiers alone', () => {
    for (const k of ['a', 'Enter', ' ', 'ArrowDown', '-', 'F5']) expect(markForKey(key(k))).toBeNull();
    expect(markForKey(key('1', { ctrlKey: true }))).toBeNull();
    expect(markForKey(key('p', { metaKey: true }))).toBeNull();
    expect(markForKey(key('x', { altKey: true }))).toBeNull();
  });

  it('says what changed, and reads marks aloud', () => {
    expect(describeMark({ rating: 1 }, 1)).toBe('Rated 1 output 1 star');
    expect(describeMark({ rating: 0 }, 3)).toBe('Cleared the rating of 3 outputs');
    expect(describeMark({ flag: 'reject' }, 2)).toBe('Rejected 2 outputs');
    expect(describeMark({ flag: null, label: null }, 1)).toBe('Unflagged 1 output; Took the label off 1 output');
    expect(describeMark({ label: 'purple' }, 1_200)).toBe('Labelled 1,200 outputs purple');
    expect(marksText({ rating: 0, flag: null, labels: [] })).toBe('unrated');
    expect(marksText({ rating: 3, flag: 'pick', labels: ['blue'] })).toBe('3 stars, picked, blue');
  });
});
