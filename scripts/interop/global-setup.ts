// Vitest globalSetup of the interop stage (vitest.interop.config.ts): starts the lab on real DNS
// software before any test file runs, hands the layout to the tests, stops everything after.
import type { TestProject } from 'vitest/node';
import type { InteropLayout } from './interop-layout';
import { startInteropServers } from './start-interop-servers';

declare module 'vitest' {
  export interface ProvidedContext {
    interopLayout: InteropLayout;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const harness = await startInteropServers((line) => console.log(line));
  project.provide('interopLayout', harness.layout);
  return () => harness.stop();
}
