// What a test needs to point zonecut at the lab running on real DNS software: the layout the
// harness wrote, and the environment (lib/config.ts) that makes the app walk it from its root,
// resolve through its Unbound and validate with its trust anchor. For interop tests only: the
// harness must be running (vitest.interop.config.ts starts it).
import { INTEROP_LAYOUT_FILE, INTEROP_RANGE, readInteropLayout, type InteropLayout } from './interop-layout';

/** A type, not an interface, so it is a Record<string, string> for loadConfig and spawn. */
export type LabEnvVars = {
  ZONECUT_ROOT_HINTS: string;
  ZONECUT_DOH_URL: string;
  ZONECUT_ALLOW_TARGETS: string;
  ZONECUT_TRUST_ANCHOR: string;
  /**
   * Node adds it to its CAs at start only: give it to a child process, not to this one (the
   * interop test workers get it from vitest.interop.config.ts, before they start).
   */
  NODE_EXTRA_CA_CERTS: string;
  /** Off: the app's built-in in-memory lab must not stand in for the real servers under test. */
  ZONECUT_LAB: 'off';
};

export interface LabEnv {
  layout: InteropLayout;
  env: LabEnvVars;
}

export function labEnv(layoutFile: string = INTEROP_LAYOUT_FILE): LabEnv {
  const layout = readInteropLayout(layoutFile);
  return {
    layout,
    env: {
      ZONECUT_ROOT_HINTS: layout.rootHints.join(','),
      ZONECUT_DOH_URL: layout.resolver.dohUrl,
      ZONECUT_ALLOW_TARGETS: INTEROP_RANGE,
      ZONECUT_TRUST_ANCHOR: layout.resolver.trustAnchorFile ?? '',
      NODE_EXTRA_CA_CERTS: layout.resolver.caCertFile,
      ZONECUT_LAB: 'off',
    },
  };
}
