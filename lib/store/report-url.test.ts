import { describe, expect, it } from 'vitest';
import { reportUrl } from '@/lib/store/report-url';

const req = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

describe('reportUrl', () => {
  it.each([
    [req('http://localhost:3000/api/reports'), 'http://localhost:3000/r/ID'],
    [req('http://localhost:3000/api/reports', { host: 'zonecut.example:8080' }), 'http://zonecut.example:8080/r/ID'],
    [req('http://localhost:3000/api/reports', { host: 'zonecut.example', 'x-forwarded-proto': 'https' }), 'https://zonecut.example/r/ID'],
    [req('http://localhost:3000/api/reports', { host: '127.0.0.1:3197' }), 'http://127.0.0.1:3197/r/ID'],
    [req('http://localhost:3000/api/reports', { host: '[::1]:3000' }), 'http://[::1]:3000/r/ID'],
    // Forged or odd values fall back to what Next knows.
    [req('http://localhost:3000/api/reports', { host: 'evil.example/<script>' }), 'http://localhost:3000/r/ID'],
    [req('http://localhost:3000/api/reports', { 'x-forwarded-proto': 'javascript' }), 'http://localhost:3000/r/ID'],
    [req('http://localhost:3000/api/reports', { 'x-forwarded-host': 'evil.example' }), 'http://localhost:3000/r/ID'],
  ])('%#', (request, expected) => {
    expect(reportUrl(request, 'ID')).toBe(expected);
  });
});

describe('originFromHeaders', () => {
  it('takes Host and X-Forwarded-Proto, and falls back on a bad Host', async () => {
    const { originFromHeaders } = await import('@/lib/store/report-url');
    expect(originFromHeaders(new Headers({ host: 'Zonecut.Example:8080', 'x-forwarded-proto': 'https' }))).toBe('https://zonecut.example:8080');
    expect(originFromHeaders(new Headers({ host: 'evil"><x' }))).toBe('http://localhost');
    expect(originFromHeaders(new Headers())).toBe('http://localhost');
  });
});
