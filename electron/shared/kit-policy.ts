/**
 * A kit's presets and fidelity policy as pure functions, so the Kits view, the edit
 * studio (which shows the policy before anything is sent) and the tests all agree on
 * what applying a preset does: the prompt with its placeholders filled and the
 * preservation sentence added, the model (an active one: a shut-down choice moves to its
 * replacement, visibly), the quality raised to the floor, and where the logo goes.
 */
import { defaultLifecycle, swapForShutdown, type LifecycleContext } from './model-lifecycle';
import { findModel, type Quality } from './models';
import type { KitColour, KitPolicy, KitPreset } from './schemas-kits';

/** The cookbook's brand cases. {brand}, {colours} and {typography} come from the kit. */
export const DEFAULT_PRESETS: readonly KitPreset[] = [
  {
    id: 'hero-banner',
    name: 'Hero banner',
    size: '1536x1024',
    template:
      'A wide hero banner for {brand}: {scene}. Place the {brand} logo from the logo image in the top left corner, small and crisp, on a calm area. Use the brand colours {colours}. Leave clear space on the right for a headline. Typography notes: {typography}.',
  },
  {
    id: 'product-photography',
    name: 'Product photography',
    size: '1024x1024',
    template:
      'A studio product photograph of {product}, soft key light and a subtle reflection, with the {brand} logo from the logo image printed on it exactly as drawn. Background in the brand colours {colours}.',
  },
  {
    id: 'app-mockup',
    name: 'App mockup',
    size: '1024x1536',
    template:
      'A realistic smartphone mockup held in a hand, showing the {brand} app on its {screen} screen. The app icon and header use the {brand} logo from the logo image; the interface uses the brand colours {colours}. Typography notes: {typography}.',
  },
  {
    id: 'merchandise',
    name: 'Merchandise',
    size: '1024x1024',
    template:
      'A {item} photographed flat on a neutral surface, printed with the {brand} logo from the logo image, centred and at a size a real print would use. Product colours from the brand palette {colours}.',
  },
];

/** Model for small type and marks: the detail model (reference §1: Sunburst = detail and edit consistency). */
export const DEFAULT_POLICY: KitPolicy = {
  logoPosition: 'first',
  model: 'gpt-image-2.6-sunburst',
  qualityFloor: 'high',
  preservation: 'Keep the logo exactly as in the logo image: the same shapes, letters, proportions and colours; do not redraw, restyle or translate it.',
};

/** Placeholders the kit fills; every other {word} is asked of the person. */
export const KIT_PLACEHOLDERS = ['brand', 'colours', 'typography'] as const;

export function placeholdersOf(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(/\{([a-z][a-z0-9_-]{0,30})\}/gi)) seen.add(m[1]!.toLowerCase());
  return [...seen];
}

/** Those the person must fill in (not the kit's own). */
export function askedPlaceholders(template: string): string[] {
  return placeholdersOf(template).filter((p) => !(KIT_PLACEHOLDERS as readonly string[]).includes(p));
}

export interface KitFacts {
  name: string;
  colours: readonly KitColour[];
  typography: string;
}

export function fillTemplate(template: string, kit: KitFacts, values: Readonly<Record<string, string>>): string {
  const colours = kit.colours.map((c) => `${c.name} ${c.hex.toUpperCase()}`).join(', ');
  const own: Record<string, string> = { brand: kit.name, colours: colours || 'as in the logo', typography: kit.typography.trim() || 'as in the logo' };
  return template.replace(/\{([a-z][a-z0-9_-]{0,30})\}/gi, (whole, key: string) => {
    const k = key.toLowerCase();
    const v = own[k] ?? values[k]?.trim();
    return v ? v : whole;
  });
}

/** The prompt ends with the preservation sentence exactly once. */
export function withPreservation(prompt: string, sentence: string): string {
  const s = sentence.trim();
  const p = prompt.trim();
  if (!s || p.includes(s)) return p;
  return p ? `${p}${/[.!?]$/.test(p) ? '' : '.'} ${s}` : s;
}

const ORDER: readonly Quality[] = ['low', 'medium', 'high', 'xhigh', 'max'];

/**
 * The quality to send: at least the floor ('auto' counts as below any floor, since the
 * model may pick low), and one the model takes; when the model tops out below the floor
 * it gets its best, and the note says so.
 */
export function qualityAtLeast(current: Quality, floor: Quality, modelQualities: readonly Quality[]): { quality: Quality; note: string | null } {
  const rank = (q: Quality) => ORDER.indexOf(q);
  const offered = ORDER.filter((q) => modelQualities.includes(q));
  if (current !== 'auto' && rank(current) >= rank(floor) && offered.includes(current)) return { quality: current, note: null };
  const atFloor = offered.find((q) => rank(q) >= rank(floor));
  if (atFloor) return { quality: atFloor, note: current === atFloor ? null : `Quality raised to ${atFloor}: the kit asks for at least ${floor}.` };
  const best = offered[offered.length - 1] ?? 'auto';
  return { quality: best, note: `The kit asks for quality ${floor}; this model goes up to ${best}, so ${best} is used.` };
}

export interface PolicyOutcome {
  model: string;
  quality: Quality;
  prompt: string;
  /** What applying the policy changed or could not do, one line each, for the person to read before sending. */
  notes: string[];
}

/** The policy applied to an edit about to be made (used by Apply preset and before Run edit). */
export function applyPolicy(
  policy: KitPolicy,
  draft: { model: string; quality: Quality; prompt: string },
  ctx: { available?: readonly string[] | null; lifecycle?: LifecycleContext } = {},
): PolicyOutcome {
  const notes: string[] = [];
  const swap = swapForShutdown(policy.model, 'edit', ctx.available ?? null, ctx.lifecycle ?? defaultLifecycle());
  const model = swap ? swap.to : policy.model;
  if (swap) notes.push(`${swap.message.replace(': this uses', ', so this edit uses')} Change the kit's policy to keep this choice.`);
  const info = findModel(model);
  const q = qualityAtLeast(draft.quality, policy.qualityFloor, info?.qualities ?? []);
  if (q.note) notes.push(q.note);
  return { model, quality: q.quality, prompt: withPreservation(draft.prompt, policy.preservation), notes };
}

/** Where the kit's logos go among the tray's images: first (primary, kept sharpest) or after the photos. */
export function orderWithLogos<T>(photos: readonly T[], logos: readonly T[], position: KitPolicy['logoPosition']): T[] {
  return position === 'first' ? [...logos, ...photos] : [...photos, ...logos];
}

/** One sentence describing the policy, shown in the kit and before a kit edit is sent. */
export function describePolicy(policy: KitPolicy): string {
  const model = findModel(policy.model)?.label ?? policy.model;
  const where = policy.logoPosition === 'first' ? 'the logo is sent first, as the primary image' : 'the logo is sent after the photos';
  return `${model}, quality at least ${policy.qualityFloor}; ${where}; the prompt ends with the preservation sentence.`;
}
