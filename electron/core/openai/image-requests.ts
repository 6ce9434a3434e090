/**
 * The two endpoints as `ImageRequest`s for run-images.ts: the body each request sends
 * and the SDK call that sends it. Bodies are built per request, so a retry or the
 * second of n split streams never reuses an upload stream that was already read.
 */
import type OpenAI from 'openai';
import type { GenerateParams, ModelInfo } from '../../shared';
import { buildEditBody, buildGenerateBody, type EditParams as EditBodyParams } from './build-request';
import type { ImageRequest, ImageStreamEvent } from './run-images';

export interface RequestOptions {
  safetyIdentifier?: string;
}

export function generateRequest(client: OpenAI, model: ModelInfo, params: GenerateParams, ro: RequestOptions = {}): ImageRequest {
  return {
    events: 'image_generation',
    once: (n, signal) => {
      const body = buildGenerateBody(params, model, { stream: false, n, ...ro });
      return client.images.generate({ ...body, stream: false }, { signal }).withResponse();
    },
    stream: async (signal) => {
      const body = buildGenerateBody(params, model, { stream: true, n: 1, ...ro });
      const { data, request_id } = await client.images.generate({ ...body, stream: true }, { signal }).withResponse();
      return { data: data as AsyncIterable<ImageStreamEvent>, request_id };
    },
  };
}

export function editRequest(client: OpenAI, model: ModelInfo, params: EditBodyParams, ro: RequestOptions = {}): ImageRequest {
  return {
    events: 'image_edit',
    once: async (n, signal) => {
      const body = await buildEditBody(params, model, { stream: false, n, ...ro });
      return client.images.edit({ ...body, stream: false }, { signal }).withResponse();
    },
    stream: async (signal) => {
      const body = await buildEditBody(params, model, { stream: true, n: 1, ...ro });
      const { data, request_id } = await client.images.edit({ ...body, stream: true }, { signal }).withResponse();
      return { data: data as AsyncIterable<ImageStreamEvent>, request_id };
    },
  };
}
