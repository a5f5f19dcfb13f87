/** Sluice's version, from package.json (inlined by esbuild in the bundle, read by tsx from source). */
import pkg from '../../package.json';

export const SLUICE_VERSION: string = pkg.version;
