import { describe, expect, it } from 'vitest';
import { extraTagsText, networkOfTags, withExtraTags, withNetwork } from '../../../src/ui/spec/tags';

describe('tags', () => {
  it('reads the network only when exactly one of G and D is there', () => {
    expect(networkOfTags(['G'])).toBe('G');
    expect(networkOfTags(['pixel', 'D'])).toBe('D');
    expect(networkOfTags(['G', 'D'])).toBeNull();
    expect(networkOfTags([])).toBeNull();
    expect(networkOfTags('G')).toBeNull();
  });

  it('sets the network, first, replacing the other and keeping the extra tags', () => {
    expect(withNetwork(['G', 'pixel'], 'D')).toEqual(['D', 'pixel']);
    expect(withNetwork(['pixel', 'G', 'D', 'edge'], 'G')).toEqual(['G', 'pixel', 'edge']);
    expect(withNetwork(undefined, 'D')).toEqual(['D']);
  });

  it('shows and edits the extra tags as comma-separated text', () => {
    expect(extraTagsText(['G', 'pixel', 'edge'])).toBe('pixel, edge');
    expect(withExtraTags(['D', 'old'], ' pixel,edge , ,')).toEqual(['D', 'pixel', 'edge']);
    expect(withExtraTags(['G'], '')).toEqual(['G']);
    // A network typed as an extra tag stays, for validation to flag the loss as naming two.
    expect(withExtraTags(['G'], 'D')).toEqual(['G', 'D']);
    expect(withExtraTags(['G'], 'G, a, a')).toEqual(['G', 'a']);
  });
});
