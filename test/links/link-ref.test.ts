// Which links name a paper (arXiv abs/pdf/html any version, doi.org, OpenReview forum/pdf), and `/paper shared|forget`.
import { describe, expect, it } from 'vitest';
import { parsePaperRequest } from '../../src/listeners/paper-request.ts';
import { linkRefKey, parseLinkRef } from '../../src/search/paper-ref.ts';

describe('parseLinkRef', () => {
  it.each([
    ['https://arxiv.org/abs/2007.08489', { arxivId: '2007.08489' }],
    ['https://arxiv.org/abs/2007.08489v3', { arxivId: '2007.08489' }],
    ['https://arxiv.org/pdf/2007.08489v1.pdf', { arxivId: '2007.08489' }],
    ['https://arxiv.org/html/2007.08489v2', { arxivId: '2007.08489' }],
    ['http://export.arxiv.org/abs/hep-th/9901001', { arxivId: 'hep-th/9901001' }],
    ['https://doi.org/10.1145/3319535.3354211', { doi: '10.1145/3319535.3354211' }],
    ['https://doi.org/10.48550/arXiv.2007.08489', { arxivId: '2007.08489' }],
    ['https://openreview.net/forum?id=rJ4km2R5t7', { openreviewId: 'rJ4km2R5t7' }],
    ['https://openreview.net/pdf?id=Hkg-TJBFPB', { openreviewId: 'Hkg-TJBFPB' }],
  ])('%s', (url, ref) => expect(parseLinkRef(url)).toEqual(ref));

  it('refuses links that name no paper', () => {
    for (const url of ['https://arxiv.org/list/cs.LG/recent', 'https://openreview.net/group?id=ICLR.cc', 'https://openreview.net/forum?id=<script>', 'https://example.org/abs/2007.08489', 'https://doi.org/']) {
      expect(parseLinkRef(url), url).toBeUndefined();
    }
  });

  it('keys the cache by identifier, whatever the link form', () => {
    expect(linkRefKey(parseLinkRef('https://arxiv.org/pdf/2007.08489v1.pdf')!)).toBe(linkRefKey(parseLinkRef('arxiv.org/abs/2007.08489')!));
  });
});

describe('/paper shared and forget', () => {
  it('reads the period and the words', () => {
    expect(parsePaperRequest('shared')).toEqual({ kind: 'shared', period: 'all', text: '' });
    expect(parsePaperRequest('shared week robustness')).toEqual({ kind: 'shared', period: 'week', text: 'robustness' });
    expect(parsePaperRequest('Shared today')).toEqual({ kind: 'shared', period: 'today', text: '' });
  });

  it('takes a link after forget (Slack wraps it in <…>); other words stay a search', () => {
    expect(parsePaperRequest('forget <https://arxiv.org/abs/2007.08489>')).toEqual({ kind: 'forget', link: 'https://arxiv.org/abs/2007.08489' });
    expect(parsePaperRequest('forget')).toEqual({ kind: 'forget', link: '' });
    expect(parsePaperRequest('forget catastrophically')).toEqual({ kind: 'search', text: 'forget catastrophically' });
  });
});
