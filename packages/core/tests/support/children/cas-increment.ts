/**
 * Child process of the directory store's cross-process test: appends `count` entries `<tag>:<n>` to one JSON
 * list in a directory store with `updateWithRetry` (compare-and-swap), then exits. Run with `node --import tsx`.
 * Arguments: <store dir> <key> <tag> <count>.
 */
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { updateWithRetry } from "../../../src/ports/blob-store.js";

const [root, key, tag, count] = process.argv.slice(2);
const store = new FsBlobStore(root!);
for (let n = 0; n < Number(count); n++) {
  await updateWithRetry(
    store,
    key!,
    (current) => JSON.stringify([...(current ? (JSON.parse(current) as string[]) : []), `${tag}:${n}`]),
    { maxAttempts: 1000 },
  );
}
