import { BadRequestException } from '@nestjs/common';
import { type EntryInput } from './entry';

/**
 * Reads an entry id from the path. Validators run before Nest's pipes (they are guards),
 * so they parse the id themselves: a bad id gets its 400 before anything else.
 */
export function parseEntryId(raw: unknown): number {
  const id = typeof raw === 'string' && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(id)) throw new BadRequestException('The id must be a positive integer.');
  return id;
}

/** Checks a create/replace body: `{ title, body }`, both non-empty strings. */
export function parseEntryInput(body: unknown): EntryInput {
  const candidate = body as Partial<Record<keyof EntryInput, unknown>> | null;
  const title = candidate?.title;
  const text = candidate?.body;
  if (typeof title !== 'string' || title.trim() === '' || typeof text !== 'string') {
    throw new BadRequestException('Send a JSON body { "title": string, "body": string } with a non-empty title.');
  }
  return { title, body: text };
}
