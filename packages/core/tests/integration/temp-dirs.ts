/** Temp directories of the running test, removed when it finishes (failed or not). Call them inside a test. */
import { copyToTempDir, makeTempDir, type TempDir } from "@vectora/testing";
import { onTestFinished } from "vitest";

/** A fresh, empty directory for the running test. */
export async function testTempDir(label: string): Promise<TempDir> {
  return removedAfterTest(await makeTempDir(label));
}

/** A fresh copy of the directory `source` for the running test. */
export async function testTempCopy(source: string, label: string): Promise<TempDir> {
  return removedAfterTest(await copyToTempDir(source, label));
}

function removedAfterTest(dir: TempDir): TempDir {
  onTestFinished(() => dir.remove());
  return dir;
}
