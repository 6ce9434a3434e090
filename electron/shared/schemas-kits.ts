/**
 * Brand kits as they cross the IPC boundary: a kit with its versioned assets, colours,
 * typography notes, prompt presets and fidelity policy; where each asset version was used;
 * the kit an edit was made with; export and import.
 */
import { z } from 'zod';
import { HashSchema, JobIdSchema, KitIdSchema, QualitySchema } from './schemas';

/** The same ceiling as the edit studio's imports: a kit archive or asset is one file of at most 200 MB. */
const MAX_IMPORT_BASE64 = Math.ceil((200 * 1024 * 1024 * 4) / 3);

const Name = z.string().trim().min(1, 'Give the kit a name.').max(120, 'Kit names are at most 120 characters.');
const Base64 = z.string().max(MAX_IMPORT_BASE64, 'The file is over 200 MB.').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Not base64 data.');

export const KitColourSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    hex: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Colours as #rrggbb.'),
  })
  .strict();
export type KitColour = z.infer<typeof KitColourSchema>;

/** A preset: a prompt with {placeholders}; {brand}, {colours} and {typography} come from the kit, the rest from the person. */
export const KitPresetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Preset ids are lower-case words joined by hyphens.'),
    name: z.string().trim().min(1).max(80),
    template: z.string().trim().min(1).max(4000),
    /** The output size the case calls for (a banner is wide); omitted keeps the edit's. */
    size: z.string().regex(/^(auto|\d{2,5}x\d{2,5})$/).optional(),
  })
  .strict();
export type KitPreset = z.infer<typeof KitPresetSchema>;

/** Qualities a policy can ask for at least ('auto' is no floor at all). */
export const QualityFloorSchema = QualitySchema.exclude(['auto']);

/**
 * How a kit's logo is sent so it survives: where it goes among the inputs (first is the
 * primary image the model keeps sharpest), which model (one fit for small type and marks),
 * the lowest quality allowed, and a sentence the prompt always ends with.
 */
export const KitPolicySchema = z
  .object({
    logoPosition: z.enum(['first', 'after-photos']),
    model: z.string().min(1).max(100),
    qualityFloor: QualityFloorSchema,
    preservation: z.string().trim().max(1000),
  })
  .strict();
export type KitPolicy = z.infer<typeof KitPolicySchema>;

export const KitAssetVersionSchema = z.object({
  id: z.number().int(),
  version: z.number().int().positive(),
  /** The file this version came from (the asset is named after its newest). */
  fileName: z.string(),
  hash: HashSchema,
  /** The file as it came ('image/svg+xml' for a logo drawn to PNG at `width`x`height`). */
  sourceMime: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  createdAt: z.number(),
  /** Jobs that used this version. */
  uses: z.number().int(),
});
export type KitAssetVersion = z.infer<typeof KitAssetVersionSchema>;

export const KitAssetSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.enum(['logo', 'image']),
  /** Newest first; the first is the one new work uses. */
  versions: z.array(KitAssetVersionSchema).min(1),
});
export type KitAsset = z.infer<typeof KitAssetSchema>;

export const KitViewSchema = z.object({
  id: KitIdSchema,
  uid: z.string(),
  name: z.string(),
  description: z.string(),
  colours: z.array(KitColourSchema),
  typography: z.string(),
  presets: z.array(KitPresetSchema),
  policy: KitPolicySchema,
  /** Goes up by one with every change to the kit's assets: what a job records as the kit's version. */
  revision: z.number().int().nonnegative(),
  assets: z.array(KitAssetSchema),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type KitView = z.infer<typeof KitViewSchema>;

/** What History shows for a job made with a kit: the kit as it was, and each asset version it sent. */
export const JobKitSchema = z.object({
  kitId: z.number().int().nullable(),
  kitName: z.string(),
  revision: z.number().int(),
  presetId: z.string().nullable(),
  assets: z.array(z.object({ name: z.string(), version: z.number().int(), hash: HashSchema, current: z.boolean() })),
});
export type JobKit = z.infer<typeof JobKitSchema>;

export const WhereUsedSchema = z.array(
  z.object({
    assetId: z.number().int(),
    name: z.string(),
    version: z.number().int(),
    hash: HashSchema,
    current: z.boolean(),
    jobs: z.array(
      z.object({
        jobId: JobIdSchema,
        prompt: z.string(),
        status: z.string(),
        createdAt: z.number(),
        outputs: z.array(z.object({ id: z.number().int(), hash: HashSchema })),
      }),
    ),
  }),
);
export type WhereUsed = z.infer<typeof WhereUsedSchema>;

const KitRef = z.object({ kitId: KitIdSchema }).strict();
const FileName = z.string().trim().min(1).max(255);

export const KitRequests = {
  ref: KitRef,
  create: z.object({ name: Name, description: z.string().max(4000).optional() }).strict(),
  update: z
    .object({
      kitId: KitIdSchema,
      name: Name.optional(),
      description: z.string().max(4000).optional(),
      colours: z.array(KitColourSchema).max(40).optional(),
      typography: z.string().max(4000).optional(),
      presets: z.array(KitPresetSchema).max(40).optional(),
      policy: KitPolicySchema.optional(),
    })
    .strict(),
  /** A new asset, or with `assetId` a new version of one (the older versions stay for the jobs that used them). */
  addAsset: z
    .object({
      kitId: KitIdSchema,
      assetId: z.number().int().positive().optional(),
      name: FileName,
      dataBase64: Base64,
      role: z.enum(['logo', 'image']).optional(),
      /** SVG only: the long edge to draw it at, in pixels. */
      svgSize: z.number().int().min(64).max(4096).optional(),
    })
    .strict(),
  removeAsset: z.object({ kitId: KitIdSchema, assetId: z.number().int().positive() }).strict(),
  import: z.object({ name: FileName, dataBase64: Base64 }).strict(),
  jobKit: z.object({ jobId: JobIdSchema }).strict(),
};

export const KitExportResultSchema = z.object({
  fileName: z.string(),
  bytes: z.number().int(),
  /** Desktop: where the person chose to save it (null when they cancelled the dialog). */
  savedTo: z.string().nullable(),
  /** Web host: a same-origin address to download it from. */
  downloadUrl: z.string().nullable(),
});
