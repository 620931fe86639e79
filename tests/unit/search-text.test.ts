import { describe, expect, it } from 'vitest';
import { searchDocument, searchQuery, searchTokens } from '../../main/services/search-text';

describe('search tokens (bigrams for Chinese, words for the rest)', () => {
  it('splits a run of Han characters into overlapping pairs and its last character', () => {
    expect(searchTokens('低保户')).toEqual(['低保', '保户', '户']);
    expect(searchTokens('路')).toEqual(['路']);
    expect(searchTokens('')).toEqual([]);
  });

  it('keeps Latin letters and digits as lower-case words; punctuation separates runs', () => {
    expect(searchTokens('G320国道，3号桥')).toEqual(['g320', '国道', '道', '3', '号桥', '桥']);
    expect(searchTokens('WiFi信号差')).toEqual(['wifi', '信号', '号差', '差']);
  });

  it('adds pinyin and initials for names, not for other text', () => {
    const doc = searchDocument(['路灯不亮'], ['王小明']).split(' ');
    expect(doc).toEqual(
      expect.arrayContaining(['路灯', '灯不', '不亮', '王小', '小明', 'wangxiaoming', 'wxm']),
    );
    expect(doc).not.toContain('ludeng');
  });
});

describe('search queries (FTS5 MATCH)', () => {
  it('a two-character word is one token, a longer one a phrase of its pairs', () => {
    expect(searchQuery('低保')).toBe('"低保"');
    expect(searchQuery('低保户')).toBe('"低保 保户"');
    expect(searchQuery('机耕路年久失修')).toBe('"机耕 耕路 路年 年久 久失 失修"');
  });

  it('a single character or a Latin word matches as a prefix', () => {
    expect(searchQuery('路')).toBe('"路"*');
    expect(searchQuery('WangWu')).toBe('"wangwu"*');
    expect(searchQuery('wxm')).toBe('"wxm"*');
  });

  it('terms separated by spaces or mixed scripts must all match', () => {
    expect(searchQuery('低保 王五')).toBe('"低保" AND "王五"');
    expect(searchQuery('G320国道')).toBe('"g320"* AND "国道"');
  });

  it('gives nothing to search for punctuation alone, and cannot be broken by quotes', () => {
    expect(searchQuery('，。！')).toBeNull();
    expect(searchQuery('')).toBeNull();
    expect(searchQuery('"低保" OR *')).toBe('"低保" AND "or"*');
  });
});
