/** The edit studio's channels other than jobs:edit: imports, masks, markups, compositions and the plan. */
import { EditDraftSchema, type Handlers } from '../../shared';
import { composeImages } from '../images/compose';
import { importMask } from '../images/mask';
import { invalidArguments } from '../invoke';
import type { CredentialsService } from '../credentials/credentials-service';
import type { EditPlanner } from './edit-plan';
import type { Library } from './library';
import { markupAtSize } from './markup-layer';

type EditChannels = 'assets:import' | 'masks:import' | 'masks:list' | 'edits:save-markup' | 'markups:list' | 'edits:compose' | 'edits:plan';

export function editHandlers(d: { library: Library; planner: EditPlanner; credentials?: CredentialsService }): Pick<Handlers, EditChannels> {
  const { library } = d;
  return {
    'assets:import': async ({ name, dataBase64 }) => {
      const asset = await library.importImage(name, dataBase64);
      // Its content credentials are recorded with it (read again whenever they are shown).
      await d.credentials?.check(asset.hash).catch(() => undefined);
      return asset;
    },

    'masks:import': async ({ name, dataBase64, firstHash, invert, painted }) => {
      // Masks are measured against the first image as people see it (EXIF orientation applied).
      const first = await library.displayedSize(firstHash, 'The first image');
      const m = await importMask(Buffer.from(dataBase64, 'base64'), name, first, { invert });
      const asset = await library.store.put(m.png, 'image/png');
      // A painting is saved after every pause in the painting: it is recorded without a name, so
      // "recent masks" shows it only once an edit has used it (a file's name is never erased).
      library.record(asset, 'mask', name, { width: m.width, height: m.height }, { sources: [firstHash], editedShare: m.editedShare, nameless: painted });
      return { hash: asset.hash, name, width: m.width, height: m.height, editedShare: m.editedShare };
    },

    'masks:list': async () => library.repo.recentMasks(),

    'edits:save-markup': async ({ name, dataBase64, firstHash }) => {
      // Drawn over the first image as people see it (EXIF orientation applied): the size the API wants (§3.2).
      const first = await library.displayedSize(firstHash, 'The first image');
      const png = await markupAtSize(Buffer.from(dataBase64, 'base64'), first.width, first.height);
      const asset = await library.store.put(png, 'image/png');
      library.record(asset, 'markup', name, first, { sources: [firstHash] });
      return { hash: asset.hash, name, width: first.width, height: first.height };
    },

    'markups:list': async () => library.repo.recentMarkups(),

    'edits:compose': async ({ hashes, layout, background }) => {
      const photos = await Promise.all(hashes.map((h, i) => library.original(h, `Photo ${i + 1}`)));
      // composeImages works on each photo's oriented, sRGB pixels.
      const c = await composeImages(photos, { layout, background });
      // The sources' content credentials go into the composite's own (when any has them).
      const png = d.credentials
        ? await d.credentials.signComposite(c.png, photos.map((bytes, i) => ({ bytes, title: `Photo ${i + 1}` })), `Composed ${hashes.length} images (${layout} layout) into one`).catch(() => c.png)
        : c.png;
      const asset = await library.store.put(png, 'image/png');
      return library.record(asset, 'composite', `composite-${layout}-${hashes.length}.png`, { width: c.width, height: c.height }, { sources: hashes });
    },

    'edits:plan': async (args) => {
      // Validated again here: handlers are also called directly (tests, future callers).
      const parsed = EditDraftSchema.safeParse(args);
      if (!parsed.success) throw invalidArguments(parsed.error);
      return d.planner.plan(parsed.data);
    },
  };
}
