/**
 * A private S3-compatible bucket (production). Objects are never public: the portal streams them to
 * link holders itself, or hands out a short-lived signed URL (`signedUrl`).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import type { Config } from '../config.js';
import { AppError } from '../../domain/errors.js';
import type { LandedPart, MultipartStorage, Storage } from './index.js';

type S3Config = Extract<Config['storage'], { kind: 's3' }>;

/** Keys live under one prefix so the bucket can hold other things without confusing `list`. */
const PREFIX = 'uploads/';

export function s3Client(config: S3Config): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
  });
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404)
  );
}

export function s3Storage(config: S3Config): Storage & { signedUrl(key: string, seconds?: number): Promise<string> } {
  const client = s3Client(config);
  const Bucket = config.bucket;
  return {
    kind: 's3',
    multipart: s3Multipart(client, Bucket),
    async put(key, body, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: PREFIX + key, Body: body, ContentType: contentType }));
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: PREFIX + key }));
        if (!(object.Body instanceof Readable)) throw new Error('S3 GetObject returned no Node stream');
        return { body: object.Body, size: object.ContentLength ?? 0 };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: PREFIX + key }));
    },
    async list() {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: PREFIX, ContinuationToken: token }));
        for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key.slice(PREFIX.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    /** A short-lived GET URL for one object, e.g. for a shop tool that downloads large CAD files. */
    signedUrl(key, seconds = 300) {
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: PREFIX + key }), { expiresIn: seconds });
    },
  };
}

function isNoSuchUpload(error: unknown): boolean {
  return (
    error instanceof S3ServiceException && (error.name === 'NoSuchUpload' || error.$metadata.httpStatusCode === 404)
  );
}

/** S3's multipart API (architecture §15); the browser PUTs parts to presigned UploadPart URLs. */
function s3Multipart(client: S3Client, Bucket: string): MultipartStorage {
  return {
    async create(key, contentType) {
      const created = await client.send(
        new CreateMultipartUploadCommand({ Bucket, Key: PREFIX + key, ContentType: contentType }),
      );
      if (!created.UploadId) throw new Error('S3 CreateMultipartUpload returned no UploadId');
      return created.UploadId;
    },
    partUrl(key, uploadId, partNumber, seconds) {
      const command = new UploadPartCommand({ Bucket, Key: PREFIX + key, UploadId: uploadId, PartNumber: partNumber });
      return getSignedUrl(client, command, { expiresIn: seconds });
    },
    async listParts(key, uploadId) {
      const parts: LandedPart[] = [];
      let marker: string | undefined;
      try {
        do {
          const page = await client.send(
            new ListPartsCommand({ Bucket, Key: PREFIX + key, UploadId: uploadId, PartNumberMarker: marker }),
          );
          for (const part of page.Parts ?? []) {
            if (part.PartNumber === undefined || !part.ETag) continue;
            parts.push({ partNumber: part.PartNumber, etag: part.ETag.replace(/"/g, ''), size: part.Size ?? 0 });
          }
          marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
        } while (marker);
      } catch (error) {
        if (isNoSuchUpload(error)) {
          throw new AppError('NOT_FOUND', 'This upload is no longer open. Add the file again to start over.');
        }
        throw error;
      }
      return parts.sort((a, b) => a.partNumber - b.partNumber);
    },
    async complete(key, uploadId, parts) {
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: PREFIX + key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: `"${part.etag}"` })) },
        }),
      );
    },
    async abort(key, uploadId) {
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: PREFIX + key, UploadId: uploadId }));
      } catch (error) {
        if (!isNoSuchUpload(error)) throw error;
      }
    },
  };
}
