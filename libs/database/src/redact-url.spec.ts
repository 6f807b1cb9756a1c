import { describe, expect, it } from '@jest/globals';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('masks the password of a connection URL and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cret@db.example:5432/poverty?sslmode=require')).toBe(
      'postgres://app:***@db.example:5432/poverty?sslmode=require',
    );
    expect(redactUrl('kurrentdb://admin:changeit@127.0.0.1:2113?tls=false')).toBe(
      'kurrentdb://admin:***@127.0.0.1:2113?tls=false',
    );
    expect(redactUrl('postgres://:pw@host/db')).toBe('postgres://:***@host/db');
  });

  it('leaves a URL without a password as it was given', () => {
    for (const url of [
      'postgres://postgres@127.0.0.1:5432/test',
      'kurrentdb://127.0.0.1:1?tls=false',
      'postgres://host/db?note=a:b@c',
    ]) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('masks the password of a string the URL parser refuses, whatever it holds', () => {
    expect(redactUrl('postgres://app:s3cret@db.example:bad/x')).toBe(
      'postgres://app:***@db.example:bad/x',
    );
    const tricky = redactUrl('postgres://app:p@ss:w@rd@db.example:bad/x');
    expect(tricky).toBe('postgres://app:***@db.example:bad/x');
  });
});
