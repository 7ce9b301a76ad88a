/** The repository's shared test setup (see vitest.shared.ts at the root). */
export { default } from "../../vitest.shared";
