/**
 * "Test connection": one GET /v1/models proves the key, the base URL and the
 * organization/project headers, and tells which image models this key can use, which
 * is what picks the default model (reference §11.2).
 */
import type OpenAI from 'openai';
import { defaultModel, findModel, MODELS, todayIso, type ConnectionResult, type ShutdownDates } from '../../shared';
import { mapOpenAIError, type ErrorContext } from './errors';

/** Ids that look like GPT Image models even when Loupe's catalogue does not know them yet. */
const IMAGE_ID = /^(gpt-image|chatgpt-image)/;

export interface ConnectionCheck {
  result: ConnectionResult;
  /** Every image model id the key can see, catalogued or not. */
  imageModelIds: string[];
  /** `shutdown_date` of each image model the listing carried it for (null: none announced). */
  shutdowns: ShutdownDates;
}

export async function testConnection(client: OpenAI, ctx: Omit<ErrorContext, 'model'>, now: number = Date.now()): Promise<ConnectionCheck> {
  const started = performance.now();
  let ids: string[];
  let requestId: string | null;
  const shutdowns: Record<string, string | null> = {};
  try {
    const { data: page, request_id } = await client.models.list().withResponse();
    const items = page.getPaginatedItems();
    ids = items.map((m) => m.id);
    for (const m of items) if (m.shutdown_date !== undefined && (IMAGE_ID.test(m.id) || findModel(m.id))) shutdowns[m.id] = m.shutdown_date;
    requestId = request_id;
  } catch (err) {
    throw mapOpenAIError(err, { ...ctx, model: '' });
  }
  const latencyMs = Math.round(performance.now() - started);

  const imageModels = ids
    .filter((id) => IMAGE_ID.test(id) || findModel(id))
    .map((id) => {
      const known = findModel(id);
      return { id, known: known !== undefined, label: known?.label ?? id };
    })
    // Catalogued first, newest first, as the model picker lists them.
    .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  const imageModelIds = imageModels.map((m) => m.id);
  const life = { today: todayIso(now), shutdowns };
  const usable = MODELS.some((m) => m.endpoints.generate && imageModelIds.includes(m.id));
  return {
    imageModelIds,
    shutdowns,
    result: {
      imageModels,
      otherModelCount: ids.length - imageModels.length,
      // Null when the key can use none of the models Loupe knows how to drive.
      defaultModel: usable ? defaultModel(imageModelIds, 'generate', life) : null,
      requestId,
      latencyMs,
    },
  };
}

function rank(id: string): number {
  const i = MODELS.findIndex((m) => m.id === id);
  return i === -1 ? MODELS.length : i;
}
