/** s3rver, an S3-compatible server for loopback tests (CommonJS without types, typed here once). */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

export interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

type S3rverClass = new (options: {
  port: number;
  address: string;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

export const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
